"""What every report page and export starts with: the viewer's scope (403 without one), the filters from the query
string (400 with the form's errors when they are wrong), and the programmes they may choose."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request

from lecturehall.core.auth import current_viewer
from lecturehall.modules.programmes import queries as programme_queries
from lecturehall.modules.reports.forms import FilterForm
from lecturehall.modules.reports.scope import Filters, Scope, scope_for

PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")


@dataclass
class Request:
    scope: Scope
    form: FilterForm
    filters: Filters
    valid: bool
    search: str

    @property
    def status(self) -> int:
        return 200 if self.valid else 400


def visible_programmes(scope: Scope):
    programmes = programme_queries.all_programmes()
    return [programme for programme in programmes if scope.allows_programme(programme.id)]


def report_request() -> Request:
    scope = scope_for(current_viewer())
    if scope is None:
        abort(403)
    form = FilterForm(request.args).with_choices(visible_programmes(scope), scope)
    valid = form.validate() if request.args else True
    filters = form.filters() if valid else FilterForm.default_filters()
    search = (form.q.data or "") if valid else ""
    return Request(scope, form, filters, valid, search)


def export_request(fmt: str) -> Request:
    if fmt not in EXPORT_FORMATS:
        abort(404)
    wanted = report_request()
    if not wanted.valid:
        abort(400)
    return wanted

