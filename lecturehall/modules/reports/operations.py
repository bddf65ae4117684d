"""The reports' only writes: a subscriber's scheduled report setting, and marking a period as sent."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.reports.models import Frequency, ReportSubscription
from lecturehall.modules.reports.periods import last_complete_period


def subscription_of(user_id: int) -> ReportSubscription | None:
    return db.session.execute(sa.select(ReportSubscription).where(ReportSubscription.user_id == user_id)
                              ).scalar_one_or_none()


def save_subscription(user, frequency: Frequency | None, programme_id: int | None) -> ReportSubscription | None:
    """Subscribes (from the next complete period on: nothing already over is sent), changes, or unsubscribes."""
    current = subscription_of(user.id)
    if frequency is None:
        if current is not None:
            db.session.delete(current)
            db.session.flush()
        return None
    if current is None or current.frequency is not frequency:
        current = current or ReportSubscription(user_id=user.id, frequency=frequency)
        current.frequency = frequency
        current.last_period_end = last_complete_period(frequency, utcnow().date())[1]
        db.session.add(current)
    current.programme_id = programme_id
    db.session.flush()
    return current


def mark_sent(subscription: ReportSubscription, period_end: date) -> None:
    subscription.last_period_end = period_end
    subscription.last_sent_at = utcnow()
    db.session.flush()
