"""Password hashing (Argon2id) and the minimum strength a new password must have."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 256
# zxcvbn scores 0-4; 3 means "safely unguessable: moderate protection from offline slow-hash attacks".
MIN_SCORE = 3

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, user_inputs: list[str] | None = None):
    """Why a password is too weak, as a translatable message, or None when it is strong enough."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(count)d characters.", count=MAX_LENGTH)
    inputs = [part for value in (user_inputs or []) if value for part in value.replace("@", " ").split()]
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < MIN_SCORE:
        return _l("This password is too easy to guess. Add more words or mix in unusual ones.")
    return None
