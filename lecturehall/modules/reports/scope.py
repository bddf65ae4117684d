"""What a viewer may see in reports (their scope) and what they asked for (the filters).

Admins see everything; a country coordinator sees every programme but only the participants whose declared country
(the profile's) is theirs, whatever the filters say; an organiser sees the programmes they organise. The scope is
applied inside every query, so an id or a filter edited by hand cannot widen it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.programmes import queries as programme_queries

BASES = ("declared", "network")


@dataclass(frozen=True)
class Scope:
    programme_ids: frozenset[int] | None = None  # None: every programme
    country: str | None = None  # a coordinator's country (declared), None: every country

    def allows_programme(self, programme_id: int) -> bool:
        return self.programme_ids is None or programme_id in self.programme_ids


def scope_for(user) -> Scope | None:
    """The viewer's scope, or None when they may see no report at all."""
    if user is None or not user.is_authenticated:
        return None
    if user.role is Role.admin:
        return Scope()
    if user.role is Role.coordinator:
        return Scope(country=user.coordinator_country)
    from_db = frozenset(db.session.execute(programme_queries.managed_programme_ids(user)).scalars())
    return Scope(programme_ids=from_db) if from_db else None


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date  # inclusive
    programme_id: int | None = None
    country: str | None = None  # on the chosen basis
    basis: str = "declared"  # or "network": which country a participant is counted under

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time(), tzinfo=timezone.utc)

    @property
    def end(self) -> datetime:
        """Exclusive: the start of the day after ``date_to``."""
        return datetime.combine(self.date_to + timedelta(days=1), time(), tzinfo=timezone.utc)

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before this one."""
        return replace(self, date_from=self.date_from - timedelta(days=self.days),
                       date_to=self.date_from - timedelta(days=1))
