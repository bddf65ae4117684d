"""Verification codes: 12 characters drawn by ``secrets`` from 30 that cannot be mistaken for one another (no 0/O,
1/I/L, nor U, read as V), about 59 bits, so a code cannot be guessed in any number of tries the rate limit allows, yet
reads aloud and types easily: shown as ``ABCD-EFGH-JKMN``, accepted with or without dashes, spaces or lower case."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str | None) -> str | None:
    """The stored form of a typed code, or None when it cannot be one (wrong length or characters)."""
    code = _SEPARATORS.sub("", (typed or "").strip()).upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def display(code: str) -> str:
    return "-".join(code[index:index + 4] for index in range(0, len(code), 4))
