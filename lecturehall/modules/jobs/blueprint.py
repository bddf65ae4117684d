"""Every URL of the jobs module."""

from flask import Blueprint

from lecturehall.modules.jobs import controllers as c

bp = Blueprint("jobs", __name__, template_folder="templates")

bp.add_url_rule("/admin/jobs", "job_list", c.job_list)
