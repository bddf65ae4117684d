"""``lecturehall demo``: demo data for a new installation, so a first visitor sees a living site."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.modules.demo import operations as demo_operations


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no users yet; print the stored demo login otherwise.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Create a demo programme: lectures past, live and upcoming, speakers, topics and participants from 27 countries."""
    credentials = demo_operations.create_demo_data(only_if_empty=if_empty)
    db.session.commit()
    if credentials is None:
        click.echo("The database holds data already: no demo data added.")
        credentials = demo_operations.stored_credentials()
    else:
        click.echo("Demo data created.")
    if credentials is not None:
        click.echo(f"Demo admin login: {credentials.email}  password: {credentials.password}")
