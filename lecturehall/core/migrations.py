"""Running Alembic from code: the CLI, the setup script and the tests share these."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config() -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(revision: str = "head") -> None:
    command.upgrade(alembic_config(), revision)


def downgrade(revision: str) -> None:
    command.downgrade(alembic_config(), revision)


def revision(message: str, autogenerate: bool = True) -> None:
    command.revision(alembic_config(), message=message, autogenerate=autogenerate)


def current() -> None:
    command.current(alembic_config(), verbose=True)
