"""Every URL of the live module: nginx's internal callback, the organiser's stream panel, the viewer's live state
and (on the embedded default) the live files under signed URLs."""

from flask import Blueprint

from lecturehall.modules.live import controllers_ingest as i

bp = Blueprint("live", __name__, template_folder="templates")

bp.add_url_rule("/internal/live/<any(publish, publish_done):event>", "callback", i.publish, methods=["POST"])
