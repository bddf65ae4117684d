"""How lectures show on pages of the modules they build on: the programme's page lists its lectures (a template
hook, since programmes know nothing of lectures)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from lecturehall.core.templating import template_hook_signal


@template_hook_signal.connect_via("programme-page")
def _programme_lectures(_hook, programme, **_kwargs):
    return Markup(render_template("lectures/_programme_lectures.html", programme=programme))
