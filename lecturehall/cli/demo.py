"""``lecturehall demo``: demo data for a new installation, so a first visitor sees a living site."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.modules.demo import operations as demo_operations
from lecturehall.modules.live.runtime import ingest_url


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no users yet; print the stored demo login otherwise.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Create a demo programme: lectures past, live and upcoming, speakers, topics, participants from 27 countries,
    and a replay (a recording with slides, an interpretation and subtitles, transcoded by the worker)."""
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
