"""The notifications module has no pages; its blueprint only carries the mail templates."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, template_folder="templates")
