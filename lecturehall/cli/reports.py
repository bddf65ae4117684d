"""``lecturehall reports``: upkeep of the reports' summaries."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.modules.reports import lecture_summary, reach_summary, replay_summary


@click.group("reports")
def reports_group() -> None:
    """Upkeep of the participation reports."""


@reports_group.command("rebuild-summaries")
@with_appcontext
def rebuild_summaries() -> None:
    """Rebuild the reach, replay and lecture replay summaries from the presence figures (the worker keeps them up to date; this
    repairs them after data was changed by hand)."""
    reach_rows = reach_summary.rebuild()
    replay_rows = replay_summary.rebuild()
    lecture_rows = lecture_summary.rebuild()
    db.session.commit()
    click.echo(f"Reach summary rebuilt: {reach_rows:,} rows.")
    click.echo(f"Replay summary rebuilt: {replay_rows:,} rows.")
    click.echo(f"Lecture replay summary rebuilt: {lecture_rows:,} rows.")
