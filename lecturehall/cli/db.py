"""``lecturehall db``: database migrations."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core import migrations


@click.group("db")
def db_group() -> None:
    """Create and migrate the database schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    migrations.upgrade(revision)


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Undo migrations down to REVISION ("base" empties the database)."""
    migrations.downgrade(revision)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrations.revision(message)


@db_group.command("current")
@with_appcontext
def current() -> None:
    """Show the revision the database is at."""
    migrations.current()
