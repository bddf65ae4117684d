"""Turning a wall-clock time typed in an IANA timezone into UTC, refusing times that do not exist there."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo


class NonexistentLocalTime(ValueError):
    """The clocks skip this time in that zone (spring forward)."""


def to_utc(local: datetime, zone: str) -> datetime:
    """``local`` is naive wall-clock time in ``zone``. In the repeated hour of a fall-back change, the first
    (summer-time) occurrence is taken."""
    tz = ZoneInfo(zone)
    aware = local.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(timezone.utc)
    if utc.astimezone(tz).replace(tzinfo=None) != local:
        raise NonexistentLocalTime(f"{local:%Y-%m-%d %H:%M} does not exist in {zone}")
    return utc


def to_local(value: datetime, zone: str) -> datetime:
    """UTC to naive wall-clock time in ``zone`` (to fill an edit form)."""
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
