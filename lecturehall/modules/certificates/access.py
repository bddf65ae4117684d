"""Who may download a certificate: its holder, and those who manage its programme (its organisers, admins)."""

from __future__ import annotations

from lecturehall.modules.programmes.queries import can_manage


def may_download(certificate, programme, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return certificate.user_id == user.id or can_manage(programme, user)
