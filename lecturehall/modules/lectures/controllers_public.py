"""The participant side: the catalogue, a lecture's page, registering and unregistering."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import login_required, public
from lecturehall.core.db import db, utcnow
from lecturehall.core.i18n import current_language
from lecturehall.core.pagination import paginate
from lecturehall.modules.lectures import queries
from lecturehall.modules.lectures.forms import CatalogueFilterForm, RegistrationForm
from lecturehall.modules.lectures.models import Lecture, LectureStatus, Visibility
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.media.player import player_for
from lecturehall.modules.registrations import operations as registrations
from lecturehall.modules.registrations import queries as registration_queries
from lecturehall.modules.registrations.models import RegistrationStatus

PAGE_SIZE = 12


def _viewer():
    return current_user if current_user.is_authenticated else None


def _local_day_start(day, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


@public
def catalogue():
    form = CatalogueFilterForm(request.args).with_choices()
    data = form.data if form.validate() else {}
    zone = ZoneInfo(str(get_timezone()))
    section = request.args.get("section", "upcoming")
    if section not in queries.SECTIONS:
        section = "upcoming"
    filters = queries.CatalogueFilter(
        section=section,
        programme_id=int(data["programme"]) if data.get("programme") else None,
        tag_id=int(data["topic"]) if data.get("topic") else None,
        language=data.get("language") or None,
        date_from=_local_day_start(data["date_from"], zone) if data.get("date_from") else None,
        date_to=_local_day_start(data["date_to"] + timedelta(days=1), zone) if data.get("date_to") else None,
        text=data.get("q") or "",
    )
    page = paginate(queries.catalogue_query(filters, _viewer()), request.args.get("page", 1), PAGE_SIZE)
    language = current_language()
    cards = [(lecture, localized_text(lecture, language)) for lecture in page.items]
    live = queries.live_now(_viewer()) if section == "upcoming" else []
    return render_template("lectures/catalogue.html", form=form, page=page, cards=cards, section=section,
                           live=[(lecture, localized_text(lecture, language)) for lecture in live])


def visible_lecture_or_404(lecture_id: int) -> Lecture:
    lecture = db.get_or_404(Lecture, lecture_id)
    if not queries.can_see(lecture, _viewer()):
        if not current_user.is_authenticated and lecture.status is not LectureStatus.draft and \
                lecture.visibility is not Visibility.public:
            abort(401)  # a sign-in may open it: the 401 handler sends the visitor to the login page
        abort(404)
    return lecture


@public
def lecture_page(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    language = current_language()
    registration = None
    position = None
    if current_user.is_authenticated:
        registration = registration_queries.registration_of(lecture.id, current_user.id)
        if registration is not None and registration.status is RegistrationStatus.waitlisted:
            position = registration_queries.waitlist_position(registration)
    taken = registration_queries.registered_count(lecture.id)
    places_left = None if lecture.capacity is None else max(0, lecture.capacity - taken)
    return render_template(
        "lectures/lecture.html",
        lecture=lecture,
        text=localized_text(lecture, language),
        registration=registration,
        waitlist_position=position,
        places_left=places_left,
        form=RegistrationForm(),
        can_manage=queries.can_manage(lecture.programme, _viewer()),
        seconds_to_start=int((lecture.starts_at - utcnow()).total_seconds()),
        player=player_for(lecture),
    )


@login_required
def register(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    if not RegistrationForm().validate_on_submit():
        abort(400)
    try:
        registration = registrations.register(lecture.id, current_user)
    except registrations.RegistrationClosed:
        flash(_("This lecture no longer takes registrations."), "error")
    else:
        if registration.status is RegistrationStatus.waitlisted:
            flash(_("The lecture is full: you are on the waiting list. We will write to you if a place frees up."),
                  "info")
        else:
            flash(_("You are registered. A confirmation with a calendar file is on its way."), "success")
    return redirect(url_for("lectures.lecture_page", lecture_id=lecture.id))


@login_required
def unregister(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    if not RegistrationForm().validate_on_submit():
        abort(400)
    registrations.unregister(lecture.id, current_user)
    flash(_("You are no longer registered for this lecture."), "info")
    return redirect(url_for("lectures.lecture_page", lecture_id=lecture.id))
