"""``lecturehall demo``: demo data for a new installation, so a first visitor sees a living site; ``--scale
programme`` fills it at the seed programme's scale instead, so the reports look like the real thing."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.modules.accounts.queries import count_users
from lecturehall.modules.demo import operations as demo_operations
from lecturehall.modules.demo import scale as demo_scale
from lecturehall.modules.live.runtime import ingest_url


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no users yet; print the stored demo login otherwise.")
@click.option("--scale", "scale", type=click.Choice(sorted(demo_scale.SIZES)), default=None,
              help="A year of a programme at scale (programme: 40 lectures, 6,200 participants from 27 countries, "
                   "104,000 replay views; benchmark: the reports benchmark's size) instead of the small demo.")
@click.option("--factor", type=click.FloatRange(min=0.001, max=10.0), default=1.0, show_default=True,
              help="With --scale: a smaller or larger version (0.1: a tenth of the people and views).")
@click.option("--seed", type=int, default=2026, show_default=True, help="With --scale: the same seed gives the same data.")
@click.option("--with-beats", is_flag=True, help="With --scale: store the raw heartbeats too (slow; for checks).")
@with_appcontext
def demo(if_empty: bool, scale: str | None, factor: float, seed: int, with_beats: bool) -> None:
    """Create a demo programme: lectures past, live and upcoming, speakers, topics, participants from 27 countries,
    and a replay (a recording with slides, an interpretation and subtitles, transcoded by the worker)."""
    if scale is not None:
        _scale_demo(if_empty, demo_scale.scaled(demo_scale.SIZES[scale], factor), seed, with_beats)
        return
    result = demo_operations.create_demo_data(only_if_empty=if_empty)
    db.session.commit()
    if result is None:
        click.echo("The database holds data already: no demo data added.")
        credentials = demo_operations.stored_credentials()
    else:
        click.echo("Demo data created.")
        credentials = result.credentials
        if result.replay_lecture_id is not None:
            click.echo(f"A demo recording is being transcoded into the replay of lecture {result.replay_lecture_id}"
                       " (the site is up meanwhile; its page shows the progress).")
        else:
            click.echo(f"No demo replay: {result.no_replay_reason}")
        if result.live_lecture_id is not None:
            click.echo(f"Lecture {result.live_lecture_id} is live now and waits for a stream: in OBS, Settings → Stream, "
                       f"Service Custom, Server {ingest_url()}, Stream key {result.live_stream_key} (also on its "
                       "stream panel).")
    if credentials is not None:
        click.echo(f"Demo admin login: {credentials.email}  password: {credentials.password}")


def _scale_demo(if_empty: bool, size: demo_scale.Size, seed: int, with_beats: bool) -> None:
    if count_users() > 0:
        click.echo("The database holds data already: no demo data added (the demo at scale needs an empty database).")
        credentials = demo_operations.stored_credentials() if if_empty else None
        if credentials is not None:
            click.echo(f"Demo admin login: {credentials.email}  password: {credentials.password}")
        if not if_empty:
            raise SystemExit(1)
        return
    click.echo(f"Generating {size.lectures} lectures, {size.participants:,} participants from {size.countries} "
               f"countries and {size.replay_views:,} replay views (seed {seed})")
    figures = demo_scale.generate(size, seed=seed, with_beats=with_beats, say=lambda text: click.echo(f"  {text}"))
    db.session.commit()
    click.echo(f"Demo data created in {figures.seconds['generate']:.1f} s.")
    credentials = figures.credentials
    click.echo(f"Demo admin login: {credentials.email}  password: {credentials.password}")
