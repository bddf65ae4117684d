"""Every URL of the accounts module."""

from flask import Blueprint

from lecturehall.modules.accounts import controllers as c

bp = Blueprint("accounts", __name__, template_folder="templates")

bp.add_url_rule("/signup", "signup", c.signup, methods=["GET", "POST"])
bp.add_url_rule("/signup/done", "signup_done", c.signup_done)
bp.add_url_rule("/confirm/<token>", "confirm_email", c.confirm_email)
bp.add_url_rule("/confirm", "resend_confirmation", c.resend_confirmation, methods=["POST"])
bp.add_url_rule("/login", "login", c.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", c.logout, methods=["POST"])
bp.add_url_rule("/password/forgot", "forgot_password", c.forgot_password, methods=["GET", "POST"])
bp.add_url_rule("/password/reset/<token>", "reset_password", c.reset_password, methods=["GET", "POST"])
bp.add_url_rule("/profile", "profile", c.profile, methods=["GET", "POST"])
bp.add_url_rule("/profile/data.json", "download_data", c.download_data)
bp.add_url_rule("/profile/delete", "delete_account", c.delete_account, methods=["GET", "POST"])
