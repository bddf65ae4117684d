"""Scheduled reports: every hour the worker sends each subscriber whose period (last week, last month) is complete
and not yet sent a summary in their language, within their scope, with the tables as an XLSX file and a link back
to the dashboard. Each mail is committed as sent before the next, so a rerun sends nothing twice."""

from __future__ import annotations


import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from lecturehall.core.db import db, utcnow
from lecturehall.core.i18n import LANGUAGES
from lecturehall.core.mail import Recipient, build_message, deliver, render_mail
from lecturehall.core.scheduler import get_scheduler, task
from lecturehall.core.urls import external_url
from lecturehall.modules.accounts.models import User
from lecturehall.modules.reports import exports, operations, presentation, queries, queries_countries
from lecturehall.modules.reports import queries_lectures, tables
from lecturehall.modules.reports.models import ReportSubscription
from lecturehall.modules.reports.periods import last_complete_period
from lecturehall.modules.reports.scope import Filters, scope_for
from lecturehall.modules.reports.tables import Column, Table

SEND = "reports.send_due"
SEND_JOB_ID = "reports-send"


def summary_table(current: queries.Figures, previous: queries.Figures) -> Table:
    columns = [Column("figure", _l("Figure"), "text"), Column("value", _l("This period"), "text"),
               Column("previous", _l("Previous period"), "text"), Column("change", _l("Difference"), "text")]
    rows = [[str(label), presentation.figure_text(name, getattr(current, name)),
             presentation.figure_text(name, getattr(previous, name)),
             presentation.change_text(name, getattr(current, name), getattr(previous, name))]
            for name, label in presentation.FIGURE_LABELS.items()]
    return Table("summary", _l("Summary"), columns, rows, len(rows))


def send_summary(subscription: ReportSubscription, user: User) -> bool:
    """Sends one subscriber their summary of the last complete period; False when there is nothing due."""
    start, end = last_complete_period(subscription.frequency, utcnow().date())
    if subscription.last_period_end is not None and subscription.last_period_end >= end:
        return False
    scope = scope_for(user)
    if scope is None or (subscription.programme_id is not None
                         and not scope.allows_programme(subscription.programme_id)):
        return False
    filters = Filters(date_from=start, date_to=end, programme_id=subscription.programme_id)
    language = user.language if user.language in LANGUAGES else current_app.config["DEFAULT_LOCALE"]
    recipient = Recipient(email=user.email, name=user.full_name or "", language=language)
    with force_locale(language):
        current = queries.figures(filters, scope)
        previous = queries.figures(filters.previous(), scope)
        sheets = [summary_table(current, previous),
                  tables.countries_table(queries_countries.by_country(filters, scope)),
                  tables.lectures_table(queries_lectures.by_lecture(filters, scope))]
        attachment = exports.xlsx_bytes(sheets)
        link = external_url("reports.dashboard", date_from=start.isoformat(), date_to=end.isoformat(),
                            **({"programme": subscription.programme_id} if subscription.programme_id else {}))
        rows = sheets[0].rows
        period = presentation.period_text(start, end)
    message = build_message(recipient, *render_mail("report_summary", recipient, rows=rows, link=link,
                                                    period=period, frequency=subscription.frequency.value),
                            message_key=f"report-{subscription.id}-{end.isoformat()}")
    message.add_attachment(attachment, maintype="application", subtype=exports.XLSX_TYPE.split("/", 1)[1],
                           filename=f"lecture-hall-report-{start.isoformat()}-{end.isoformat()}.xlsx")
    del message["Content-Language"]
    message["Content-Language"] = language
    deliver(message, recipient)
    operations.mark_sent(subscription, end)
    return True


@task(SEND)
def send_due() -> int:
    """Every subscriber's summary that is due; returns how many went out."""
    sent = 0
    subscriptions = db.session.execute(
        sa.select(ReportSubscription.id).order_by(ReportSubscription.id)).scalars().all()
    for subscription_id in subscriptions:
        subscription = db.session.get(ReportSubscription, subscription_id)
        user = db.session.get(User, subscription.user_id)
        if user is None or not user.is_active or not user.email:
            continue
        if send_summary(subscription, user):
            sent += 1
        db.session.commit()
    return sent


def ensure_jobs(app: Flask) -> None:
    scheduler = get_scheduler(app)
    if not scheduler.has_job(SEND_JOB_ID):
        scheduler.add_interval(SEND_JOB_ID, SEND, 3600)


