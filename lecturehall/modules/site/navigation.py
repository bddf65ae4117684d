"""The management bar: the pages a signed-in user may manage, by role and by the programmes they organise."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lecturehall.modules.accounts.models import Role
from lecturehall.modules.programmes.queries import organises_any


def management_links() -> list[tuple[str, str]]:
    if "management_links" in g:
        return g.management_links
    links: list[tuple[str, object]] = []
    role = current_user.role
    organiser = role is Role.admin or organises_any(current_user)
    if organiser:
        links += [("lectures.manage_list", _l("Manage lectures")), ("programmes.programme_list", _l("Programmes")),
                  ("speakers.speaker_list", _l("Speakers")), ("speakers.tag_list", _l("Topics"))]
    if organiser or role is Role.coordinator:
        links.append(("reports.dashboard", _l("Reports")))
    if role is Role.admin:
        links += [("users.user_list", _l("Users")), ("imports.import_participants", _l("Import participants")),
                  ("jobs.job_list", _l("Scheduled jobs"))]
    elif role is Role.coordinator:
        links.append(("users.user_list", _l("Participants")))
    g.management_links = [(endpoint, str(label)) for endpoint, label in links]
    return g.management_links
