"""The participant side: the catalogue and a lecture's page (which other modules add to through template hooks:
the registration box, the player)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import render_template, request

from lecturehall.core.auth import current_viewer, public
from lecturehall.core.db import utcnow
from lecturehall.core.i18n import current_language, viewer_timezone
from lecturehall.core.pagination import page_number, paginate
from lecturehall.modules.lectures import queries
from lecturehall.modules.lectures.forms import CatalogueFilterForm
from lecturehall.modules.lectures.guards import visible_lecture_or_404
from lecturehall.modules.lectures.presentation import localized_text

PAGE_SIZE = 12


def _local_day_start(day, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


@public
def catalogue():
    form = CatalogueFilterForm(request.args).with_choices()
    data = form.data if form.validate() else {}
    zone = ZoneInfo(viewer_timezone())
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
    page = paginate(queries.catalogue_query(filters, current_viewer()), page_number(), PAGE_SIZE)
    language = current_language()
    cards = [(lecture, localized_text(lecture, language)) for lecture in page.items]
    live = queries.live_now(current_viewer()) if section == "upcoming" else []
    return render_template("lectures/catalogue.html", form=form, page=page, cards=cards, section=section,
                           live=[(lecture, localized_text(lecture, language)) for lecture in live])


@public
def lecture_page(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    return render_template(
        "lectures/lecture.html",
        lecture=lecture,
        text=localized_text(lecture, current_language()),
        can_manage=queries.can_manage_lecture(lecture, current_viewer()),
        seconds_to_start=int((lecture.starts_at - utcnow()).total_seconds()),
    )
