"""Every URL of the imports module."""

from flask import Blueprint

from lecturehall.modules.imports import controllers as c

bp = Blueprint("imports", __name__, template_folder="templates", url_prefix="/admin/import")

bp.add_url_rule("/participants", "import_participants", c.import_participants, methods=["GET", "POST"])
bp.add_url_rule("/participants/template.csv", "participants_template", c.participants_template)
