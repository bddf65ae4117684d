"""Every URL of the site module."""

from flask import Blueprint

from lecturehall.modules.site import controllers as c
from lecturehall.modules.site.navigation import management_links

bp = Blueprint("site", __name__, template_folder="templates")

bp.add_url_rule("/", "home", c.home)
bp.add_url_rule("/language", "set_language", c.set_language, methods=["POST"])
bp.add_url_rule("/healthz", "health", c.health)
bp.add_url_rule("/favicon.ico", "favicon", c.favicon)


@bp.app_context_processor
def navigation() -> dict:
    return {"management_links": management_links}
