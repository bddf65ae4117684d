"""The lecture a page is about, checked for the current viewer: the public helpers that every controller showing or
managing one lecture starts with (this module's and the modules built on lectures)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from lecturehall.core.auth import current_viewer, managed_or_403
from lecturehall.core.db import db
from lecturehall.modules.lectures import queries
from lecturehall.modules.lectures.models import Lecture, LectureStatus, Visibility


def visible_lecture_or_404(lecture_id: int) -> Lecture:
    """The lecture if the viewer may see it. A visitor who is not signed in is sent to sign in when signing in may
    open it (401); anyone else learns nothing (404)."""
    lecture = db.get_or_404(Lecture, lecture_id)
    if not queries.can_see(lecture, current_viewer()):
        if not current_user.is_authenticated and lecture.status is not LectureStatus.draft and \
                lecture.visibility is not Visibility.public:
            abort(401)  # the 401 handler sends the visitor to the login page
        abort(404)
    return lecture


def managed_lecture_or_403(lecture_id: int) -> Lecture:
    """The lecture if the current user manages its programme: 404 when there is none, 403 when it is not theirs."""
    return managed_or_403(Lecture, lecture_id, queries.can_manage_lecture)
