"""Calendar downloads and the personal feed page. The feed URL's token is its own credential: the feed route is
public and answers 404 for any token that does not open an active user's feed."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import current_viewer, login_required, public
from lecturehall.core.db import db
from lecturehall.core.i18n import current_language
from lecturehall.core.urls import external_url
from lecturehall.modules.calendars import operations, queries
from lecturehall.modules.calendars.forms import FeedForm
from lecturehall.modules.calendars.ics import calendar_for, feed_calendar
from lecturehall.modules.lectures import queries as lecture_queries
from lecturehall.modules.lectures.models import Lecture

ICS_MIMETYPE = "text/calendar; charset=utf-8"
# Calendar apps poll; a few minutes' reuse spares the database without hiding a cancellation for long.
FEED_CACHE_CONTROL = "private, max-age=300"


@public
def lecture_ics(lecture_id: int):
    lecture = db.get_or_404(Lecture, lecture_id)
    if not lecture_queries.can_see(lecture, current_viewer()):
        abort(404)
    return Response(
        calendar_for([lecture], current_language()),
        content_type=ICS_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="lecture-{lecture.id}.ics"'},
    )


@public
def feed(token: str):
    user = queries.feed_owner(token)
    if user is None:
        abort(404)
    with force_locale(user.language):
        name = _("Lecture Hall: my lectures")
    return Response(
        feed_calendar(queries.feed_entries(user), user.language, name),
        content_type=ICS_MIMETYPE,
        headers={"Cache-Control": FEED_CACHE_CONTROL, "Content-Disposition": 'inline; filename="lecturehall.ics"'},
    )


@login_required
def my_calendar():
    token = current_user.calendar_token
    feed_url = external_url("calendars.feed", token=token) if token else None
    return render_template("calendars/my_calendar.html", feed_url=feed_url)


@login_required
def create_feed():
    if not FeedForm().validate_on_submit():
        abort(400)
    replacing = current_user.calendar_token is not None
    operations.create_or_replace_feed_token(current_user._get_current_object())
    if replacing:
        flash(_("Your calendar has a new address. The old one no longer works: add the new one to your calendar app."),
              "success")
    else:
        flash(_("Your calendar feed is ready. Add its address to your calendar app."), "success")
    return redirect(url_for("calendars.my_calendar"))


@login_required
def revoke_feed():
    if not FeedForm().validate_on_submit():
        abort(400)
    if current_user.calendar_token is not None:
        operations.revoke_feed_token(current_user._get_current_object())
        flash(_("Your calendar feed is switched off. Its address no longer works."), "info")
    return redirect(url_for("calendars.my_calendar"))
