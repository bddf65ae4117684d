"""Migrations build the schema from an empty database and take it back down, on SQLite and PostgreSQL alike,
and what they build matches the models."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lecturehall.core import migrations
from lecturehall.core.db import db
from tests.conftest import drop_everything


def index_names(engine, table: str) -> set[str]:
    """From the catalogue itself: reflection skips indexes on expressions on SQLite."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :table"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE tablename = :table"
        return set(connection.execute(sa.text(query), {"table": table}).scalars())


def test_upgrade_to_head_matches_models_then_downgrade_to_base(app):
    engine = db.engine
    db.session.remove()
    drop_everything(engine)
    try:
        migrations.upgrade("head")
        inspector = sa.inspect(engine)
        tables = set(inspector.get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        assert "ix_users_name_order" in index_names(engine, "users")  # on expressions: not compared above
        migrations.downgrade("base")
        remaining = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
    finally:
        drop_everything(engine)
        db.create_all()


def test_the_session_generation_migration_gives_existing_users_one_each(app):
    """Users from before session generations each get their own random one (so their old sessions end)."""
    engine = db.engine
    db.session.remove()
    drop_everything(engine)
    try:
        migrations.upgrade("5f880d86e557")
        with engine.begin() as connection:
            for n in range(2):
                connection.execute(sa.text(
                    "INSERT INTO users (email, country, sector, language, timezone, role, active, created_by_admin, "
                    "created_at, updated_at) VALUES (:email, 'CL', 'other', 'en', 'UTC', 'participant', :yes, :no, "
                    ":now, :now)"), {"email": f"before{n}@example.org", "yes": True, "no": False,
                                     "now": "2026-11-01 10:00:00+00:00"})
        migrations.upgrade("head")
        with engine.connect() as connection:
            nonces = connection.execute(sa.text("SELECT session_nonce FROM users")).scalars().all()
        assert len(nonces) == 2 and all(nonce and len(nonce) >= 20 for nonce in nonces)
        assert len(set(nonces)) == 2
        migrations.downgrade("5f880d86e557")
        assert "session_nonce" not in {c["name"] for c in sa.inspect(engine).get_columns("users")}
    finally:
        drop_everything(engine)
        db.create_all()
