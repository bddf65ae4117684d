"""What happens to registrations, for the modules that react to it (the notifications module mails people).

Sent inside the transaction that makes the change; receivers that mail wait for the commit (``core.db.on_commit``).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

registration_placed = _signals.signal("registration-placed", doc="""Someone registered for a lecture, with a place
or on the waiting list. Sender: the Registration; kwargs: ``lecture``, ``user``, ``waitlisted`` (bool).""")

registration_promoted = _signals.signal("registration-promoted", doc="""A place freed up and the first person on
the waiting list moved up. Sender: the Registration; kwargs: ``lecture``, ``user``.""")

lectures_attended = _signals.signal("lectures-attended", doc="""Asks which lectures a user attended live ("my
lectures" lists them apart, and does not offer them as "to watch"). Sender: the user's id. Each receiver returns a
set of lecture ids.""")
