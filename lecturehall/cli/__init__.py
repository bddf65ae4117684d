"""The ``lecturehall`` command: serve, db, users, i18n and demo."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup



def _create_app():
    from lecturehall.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False, load_dotenv=False)
def cli() -> None:
    """Lecture Hall: live lectures and replays for capacity-building programmes."""


def register_commands(app) -> None:
    """The factory adds these to ``app.cli``, so ``lecturehall`` and the test runner see the same commands."""
    from lecturehall.cli.db import db_group
    from lecturehall.cli.demo import demo
    from lecturehall.cli.i18n import i18n_group
    from lecturehall.cli.media import media_group
    from lecturehall.cli.serve import serve
    from lecturehall.cli.users import users_group
    from lecturehall.cli.worker import worker

    for command in (db_group, users_group, i18n_group, media_group, demo, serve, worker):
        app.cli.add_command(command)
