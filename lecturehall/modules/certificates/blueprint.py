"""Every URL of the certificates module: a participant's certificate for a lecture and the PDF download, the
public verification pages, and the organisers' certificates page with bulk issuing and its progress."""

from flask import Blueprint

from lecturehall.modules.certificates import controllers as c
from lecturehall.modules.certificates import controllers_manage as m

bp = Blueprint("certificates", __name__, template_folder="templates")

bp.add_url_rule("/lectures/<int:lecture_id>/certificate", "lecture_certificate", c.lecture_certificate)
bp.add_url_rule("/certificates/<int:certificate_id>.pdf", "download", c.download)
bp.add_url_rule("/certificates/verify", "verify", c.verify, methods=["GET", "POST"])
bp.add_url_rule("/certificates/verify/<code>", "verify_code", c.verify_code)
bp.add_url_rule("/manage/programmes/<int:programme_id>/certificates", "manage", m.manage, methods=["GET", "POST"])
bp.add_url_rule("/manage/programmes/<int:programme_id>/certificates/issue", "issue", m.issue, methods=["POST"])
bp.add_url_rule("/manage/programmes/<int:programme_id>/certificates/batches/<int:batch_id>", "batch_status",
                m.batch_status)
