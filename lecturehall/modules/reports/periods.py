"""The periods scheduled reports cover: the last complete week (Monday to Sunday) or calendar month."""

from __future__ import annotations

from datetime import date, timedelta


def last_complete_period(frequency, today: date) -> tuple[date, date]:
    if frequency.value == "weekly":
        end = today - timedelta(days=today.weekday() + 1)  # the Sunday before this week
        return end - timedelta(days=6), end
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end
