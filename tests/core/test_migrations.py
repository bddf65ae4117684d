"""Migrations build the schema from an empty database and take it back down, on SQLite and PostgreSQL alike,
and what they build matches the models."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lecturehall.core import migrations
from lecturehall.core.db import db
from tests.conftest import drop_everything


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
        migrations.downgrade("base")
        remaining = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
    finally:
        drop_everything(engine)
        db.create_all()
