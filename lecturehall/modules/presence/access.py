"""Who may see presence figures: the live panel (counts only) to those who manage the lecture's programme, to admins,
and to country coordinators (counts only, whatever the countries). And who may go on reporting what they watch
(a viewing token renewed)."""

from __future__ import annotations

from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import queries as lecture_queries
from lecturehall.modules.media import queries as media_queries


def may_see_live_panel(lecture, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.role is Role.coordinator:
        return lecture_queries.can_see(lecture, user)
    return lecture_queries.can_manage_lecture(lecture, user)


def may_keep_watching(lecture, viewer, live: bool) -> bool:
    """Whether a viewer whose viewing token is being renewed may still watch: the lecture (live), or its replay."""
    return lecture_queries.can_see(lecture, viewer) if live else media_queries.can_watch(lecture, viewer)
