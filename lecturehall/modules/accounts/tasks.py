"""Jobs of the accounts module: invitations in bulk."""

from __future__ import annotations

from flask_babel import ngettext

from lecturehall.core.db import db, utcnow
from lecturehall.core.mail import send_mail
from lecturehall.core.scheduler import task
from lecturehall.modules.accounts.models import User
from lecturehall.modules.accounts.operations import link_for, recipient
from lecturehall.modules.accounts.tokens import RESET_PASSWORD


def _describe_invitations(user_ids: list[int]) -> str:
    return ngettext("Invitation to %(num)d imported participant", "Invitations to %(num)d imported participants",
                    len(user_ids))


@task("accounts.send_invitations", describe=_describe_invitations)
def send_invitations(user_ids: list[int]) -> int:
    """Invites each user not invited yet. The invitation is recorded (committed) before it is sent, so a second
    run never sends it again; someone whose mail was lost in a crash can still use "Forgot your password?"."""
    sent = 0
    for user_id in user_ids:
        user = db.session.get(User, user_id, with_for_update=True)
        if user is None or user.invited_at is not None or user.password_hash or not user.is_active:
            db.session.rollback()
            continue
        user.invited_at = utcnow()
        db.session.commit()
        send_mail("invitation", recipient(user), link=link_for(user, RESET_PASSWORD))
        sent += 1
    return sent
