"""What the benchmarks that run the app as deployed share: a database emptied, then brought to the migrations' head
by `lecturehall db upgrade` (as production is), in the environment the app's processes get."""

from __future__ import annotations

import subprocess
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
LECTUREHALL = ROOT / ".venv" / "bin" / "lecturehall"


def upgrade(env: dict) -> None:
    subprocess.run([str(LECTUREHALL), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ensure_database(url) -> None:
    """Creates the PostgreSQL database ``url`` names when it does not exist yet (a new machine has none of the
    benchmarks' databases)."""
    target = sa.engine.make_url(url)
    if not target.drivername.startswith("postgresql"):
        return
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": target.database}).scalar()
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def fresh_schema(app, env: dict) -> None:
    """Drops every table of the app's database (made first if missing), then migrates it from scratch."""
    from lecturehall.core.db import db

    with app.app_context():
        ensure_database(db.engine.url)
        metadata = sa.MetaData()
        metadata.reflect(bind=db.engine)
        metadata.drop_all(bind=db.engine)
        db.engine.dispose()
    upgrade(env)
