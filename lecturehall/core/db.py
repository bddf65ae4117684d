"""The database handle, the declarative base with a constraint naming convention, and shared column types."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The largest value of an INTEGER column on PostgreSQL (ids, counts): anything larger makes the driver fail.
MAX_INTEGER = 2**31 - 1


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys unless asked, per connection: without this, deleting a lecture would leave its
    registrations behind on SQLite while PostgreSQL removes them (ON DELETE CASCADE)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def enum_column(kind, name: str) -> sa.Enum:
    """An enum stored as its values in a VARCHAR with a CHECK constraint: portable and easy to migrate."""
    return sa.Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


def transaction_lock(key: int) -> None:
    """Waits for the lock ``key``, then holds it until the transaction ends. Writers that rewrite the same derived
    rows (delete them, then insert them again from a select) take it, so that one never inserts beside rows another
    committed after its delete looked. A transaction-level advisory lock on PostgreSQL; SQLite has one writer at a
    time anyway."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def in_values(column, values) -> sa.ColumnElement[bool]:
    """``column IN values`` for a long list of ids. On PostgreSQL one array parameter (``column = ANY(...)``): an
    IN list of thousands is thousands of parameters that SQLAlchemy renders and psycopg parses on every run (a
    fifth of compaction's time with 4,000 viewers a batch, bench/presence.py); elsewhere the IN list."""
    values = list(values)
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == sa.any_(sa.bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC; SQLite hands back naive values, which are UTC by construction."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone-aware value")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def on_commit(callback) -> None:
    """Runs ``callback`` once the current transaction commits (mail goes out only for data that was stored)."""
    db.session.info.setdefault("on_commit", []).append(callback)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _run_on_commit(session: sa.orm.Session) -> None:
    callbacks = session.info.pop("on_commit", [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # a failed mail must not turn a stored change into an error page
            from flask import current_app

            current_app.logger.exception("post-commit action failed")


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _drop_on_commit(session: sa.orm.Session) -> None:
    session.info.pop("on_commit", None)
