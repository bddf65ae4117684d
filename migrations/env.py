"""Alembic environment: runs against the app's engine (SQLite or PostgreSQL) with batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from flask import current_app, has_app_context

import lecturehall.models  # noqa: F401 - fills the metadata
from lecturehall.core.db import db

config = context.config
target_metadata = db.metadata


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table by copying it and dropping the old one: with foreign keys enforced, the drop
        # would cascade into the tables that refer to it. The pragma is ignored inside a transaction, so it is set
        # before the migration's transaction and restored after it (the connection goes back to the pool).
        _foreign_keys(connection, "OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if sqlite:
            _foreign_keys(connection, "ON")


def _foreign_keys(connection, state: str) -> None:
    if connection.in_transaction():
        connection.commit()
    connection.exec_driver_sql(f"PRAGMA foreign_keys={state}")
    connection.commit()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if has_app_context():
        engine = db.engine
        with engine.connect() as connection:
            _run(connection)
        return
    from lecturehall.app import create_app

    with create_app().app_context():
        with db.engine.connect() as connection:
            _run(connection)


if context.is_offline_mode():
    raise SystemExit("Offline SQL generation is not supported; run `lecturehall db upgrade` against a database.")
run_migrations_online()
