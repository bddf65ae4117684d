"""Imports every model so the metadata is complete (migrations, tests)."""

from lecturehall.modules.accounts.models import User  # noqa: F401
