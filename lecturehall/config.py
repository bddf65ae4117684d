"""Configuration: defaults, overridden by LECTUREHALL_* environment variables, then by the factory's override."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

# Settings that may be given in the environment as LECTUREHALL_<NAME>, with the type to read them as.
ENV_SETTINGS: dict[str, type] = {
    "DATABASE_URL": str,
    "MEDIA_DIR": str,
    "SECRET_KEY": str,
    "BASE_URL": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USERNAME": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": bool,
    "SMTP_SSL": bool,
    "MAIL_FROM": str,
    "OUTBOX_DIR": str,
    "DEFAULT_LOCALE": str,
    "DEFAULT_TIMEZONE": str,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_ENABLED": bool,
    "TOKEN_MAX_AGE": int,
    "SECURE_COOKIES": bool,
    "EMBEDDED_SCHEDULER": bool,
    "SCHEDULER_LEADER_POLL": float,
    "SCHEDULER_SWEEP_SECONDS": int,
    "MAIL_CLAIM_LEASE_SECONDS": int,
    "MAX_UPLOAD_BYTES": int,
    "MEDIA_JOB_STALE_SECONDS": int,
    "IMPORT_MAX_ROWS": int,
    "IMPORT_INLINE_INVITATIONS": int,
}


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def defaults(instance_path: str) -> dict[str, Any]:
    instance = Path(instance_path)
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'lecturehall.sqlite3'}",
        "MEDIA_DIR": str(Path(instance_path).parent / "media"),
        "SECRET_KEY": None,
        "BASE_URL": "http://127.0.0.1:8000",
        "SMTP_HOST": "",
        "SMTP_PORT": 25,
        "SMTP_USERNAME": "",
        "SMTP_PASSWORD": "",
        "SMTP_STARTTLS": False,
        "SMTP_SSL": False,
        "MAIL_FROM": "Lecture Hall <no-reply@lecturehall.localhost>",
        "OUTBOX_DIR": str(instance / "outbox"),
        "DEFAULT_LOCALE": "en",
        "DEFAULT_TIMEZONE": "UTC",
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": True,
        # Confirmation and password-reset links are valid for two days.
        "TOKEN_MAX_AGE": 2 * 24 * 3600,
        "SECURE_COOKIES": None,
    }


def from_environment(environ: os._Environ[str] | dict[str, str] = os.environ) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(f"LECTUREHALL_{name}")
        if raw is None or raw == "":
            continue
        if kind is bool:
            values[name] = _as_bool(raw)
        elif kind is int:
            values[name] = int(raw)
        elif kind is float:
            values[name] = float(raw)
        else:
            values[name] = raw
    return values


def load_or_create_secret_key(instance_path: str) -> str:
    """A secret key kept in the instance folder, made once on first run so that sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
