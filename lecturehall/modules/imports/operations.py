"""Writes for imports. Operations only flush: the caller commits, or rolls back when one raises, so an import is
stored whole or not at all."""

from __future__ import annotations

from collections.abc import Iterable

from lecturehall.modules.accounts.models import Role, User
from lecturehall.modules.accounts.operations import AccountError, create_user_by_admin, queue_invitations_on_commit
from lecturehall.modules.imports.participants import Participant


class ImportConflict(Exception):
    """An address got an account between the check and the import (another admin, a sign-up)."""

    def __init__(self, line: int, email: str):
        super().__init__(f"line {line}: {email} has an account already")
        self.line = line
        self.email = email


def import_participants(participants: Iterable[Participant], inline_invitations: int = 50) -> list[User]:
    """Creates an invited participant account for each checked row. Once the caller commits, invitations go out:
    at once for a small import, from the scheduler in batches for a big one (so the request stays short).

    On any exception the accounts made so far are flushed but not committed: the caller must roll back."""
    participants = list(participants)
    inline = len(participants) <= inline_invitations
    users = []
    for participant in participants:
        try:
            users.append(create_user_by_admin(participant.profile, Role.participant, invite=inline))
        except AccountError as exc:
            raise ImportConflict(participant.line, participant.profile.email) from exc
    if not inline:
        queue_invitations_on_commit([user.id for user in users])
    return users
