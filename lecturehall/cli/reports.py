"""``lecturehall reports``: upkeep of the reports' summaries."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.modules.reports import reach_summary


@click.group("reports")
def reports_group() -> None:
    """Upkeep of the participation reports."""


@reports_group.command("rebuild-reach")
@with_appcontext
def rebuild_reach() -> None:
    """Rebuild the reach summary from the presence figures (the worker keeps it up to date; this repairs it after
    data was changed by hand)."""
    rows = reach_summary.rebuild()
    db.session.commit()
    click.echo(f"Reach summary rebuilt: {rows:,} rows.")
