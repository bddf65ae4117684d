"""The ``lecturehall`` command: serve, worker, db, users, i18n, media, assets, live, reports and demo.

The commands belong to this group (the app factory knows nothing of them); tests invoke the group with their app."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from lecturehall.app import create_app
from lecturehall.cli.assets import assets_group
from lecturehall.cli.db import db_group
from lecturehall.cli.demo import demo
from lecturehall.cli.i18n import i18n_group
from lecturehall.cli.live import live_group
from lecturehall.cli.media import media_group
from lecturehall.cli.reports import reports_group
from lecturehall.cli.serve import serve
from lecturehall.cli.users import users_group
from lecturehall.cli.worker import worker


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False, load_dotenv=False)
def cli() -> None:
    """Lecture Hall: live lectures and replays for capacity-building programmes."""


for _command in (db_group, users_group, i18n_group, media_group, assets_group, live_group, reports_group, demo,
                 serve, worker):
    cli.add_command(_command)
del _command
