"""How registrations take part in a lecture's life: the waiting list moves up when the room grows, a lecture with
registrations is kept for the reports, and the lecture page shows the registration box."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from lecturehall.core.auth import current_viewer
from lecturehall.core.forms import ConfirmForm
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.registrations import operations, queries
from lecturehall.modules.registrations.models import RegistrationStatus


@lecture_signals.capacity_changed.connect
def _more_places(lecture, **_kwargs) -> None:
    operations.fill_free_places(lecture)


@lecture_signals.participation_check.connect
def _registered(lecture_id, **_kwargs) -> bool:
    return queries.has_registrations(lecture_id)


def _places_left(lecture) -> int | None:
    if lecture.capacity is None:
        return None
    return max(0, lecture.capacity - queries.registered_count(lecture.id))


@template_hook_signal.connect_via("lecture-facts")
def _places_fact(_hook, lecture, **_kwargs):
    left = _places_left(lecture)
    if left is None:
        return None
    # Not an f-string: the message extractor of Python 3.11 does not look inside one.
    return Markup("<dt>{}</dt><dd>{}</dd>").format(_("Places left"), left)


@template_hook_signal.connect_via("lecture-actions")
def _registration_box(_hook, lecture, **_kwargs):
    viewer = current_viewer()
    registration = queries.registration_of(lecture.id, viewer.id) if viewer is not None else None
    position = None
    if registration is not None and registration.status is RegistrationStatus.waitlisted:
        position = queries.waitlist_position(registration)
    return (10, Markup(render_template("registrations/_lecture_box.html", lecture=lecture, registration=registration,
                                       waitlist_position=position, places_left=_places_left(lecture),
                                       form=ConfirmForm())))
