"""Every URL of the live module: nginx's internal callback, the organiser's stream panel, the viewer's live state
and (on the embedded default) the live files under signed URLs."""

from flask import Blueprint

from lecturehall.modules.live import controllers_ingest as i
from lecturehall.modules.live import controllers_panel as p
from lecturehall.modules.live import controllers_watch as w

bp = Blueprint("live", __name__, template_folder="templates")

bp.add_url_rule("/internal/live/<event>", "callback", i.publish, methods=["POST"])  # publish, publish_done

bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream", "stream_panel", p.stream_panel)
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/report", "stream_report", p.stream_report)
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/key", "regenerate_key", p.regenerate_key, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/recording", "set_recording", p.set_recording,
                methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/interpreters", "add_interpreter", p.add_interpreter,
                methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/interpreters/<language>/key", "regenerate_interpreter",
                p.regenerate_interpreter, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/interpreters/<language>/delete", "remove_interpreter",
                p.remove_interpreter, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/stream/end", "end_lecture", p.end_lecture, methods=["POST"])

bp.add_url_rule("/lectures/<int:lecture_id>/live/state", "state", w.state)
bp.add_url_rule("/live/<expires>/<digest>/<lecture>/<path:file>", "live_file", w.live_file)
