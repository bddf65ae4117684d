"""Every URL of the accounts module."""

from flask import Blueprint

from lecturehall.modules.accounts import controllers as c
from lecturehall.modules.accounts import controllers_profile as profile

bp = Blueprint("accounts", __name__, template_folder="templates")

bp.add_url_rule("/signup", "signup", c.signup, methods=["GET", "POST"])
bp.add_url_rule("/signup/done", "signup_done", c.signup_done)
bp.add_url_rule("/confirm/<token>", "confirm_email", c.confirm_email)
bp.add_url_rule("/confirm", "resend_confirmation", c.resend_confirmation, methods=["POST"])
bp.add_url_rule("/login", "login", c.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", c.logout, methods=["POST"])
bp.add_url_rule("/password/forgot", "forgot_password", c.forgot_password, methods=["GET", "POST"])
bp.add_url_rule("/password/reset/<token>", "reset_password", c.reset_password, methods=["GET", "POST"])
bp.add_url_rule("/profile", "profile", profile.profile, methods=["GET", "POST"])
bp.add_url_rule("/profile/password", "change_password", profile.change_password, methods=["POST"])
bp.add_url_rule("/profile/sessions", "end_other_sessions", profile.end_other_sessions, methods=["POST"])
bp.add_url_rule("/profile/data.json", "download_data", profile.download_data)
bp.add_url_rule("/profile/delete", "delete_account", profile.delete_account, methods=["GET", "POST"])
