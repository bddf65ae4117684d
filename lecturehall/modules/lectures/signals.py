"""What happens to lectures, for the modules that build on them (registrations, notifications, media, live...).

Lectures know nothing of those modules: operations send these signals inside the transaction that makes the change,
with the lecture as sender, and each module connects its receivers in its ``receivers.py`` (imported by the factory).
A receiver that must wait for the commit (mail, the scheduler, files) uses ``core.db.on_commit``.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

lecture_changed = _signals.signal("lecture-changed", doc="""Sent after any change to a lecture that can move its
scheduled work: created, published, edited, rescheduled, cancelled, status changed, deleted. The sender is the
lecture's id (the lecture may be gone); kwargs: ``app``, and ``changes``: for an edit, the names of the fields that
changed (as ``update_lecture`` returns them: ``starts_at``, ``programme_id``, ``title``…); None for every other
change (created, published, cancelled, status changed, deleted).""")

lecture_rescheduled = _signals.signal("lecture-rescheduled", doc="""An announced lecture got a new start or
duration. Sender: the lecture; kwargs: ``previous_starts_at`` (UTC).""")

lecture_cancelled = _signals.signal("lecture-cancelled", doc="""An announced (not draft) lecture was cancelled.
Sender: the lecture.""")

capacity_changed = _signals.signal("lecture-capacity-changed", doc="""The lecture's capacity changed (a bigger room
lets people up from the waiting list). Sender: the lecture.""")

status_changed = _signals.signal("lecture-status-changed", doc="""The lecture's status changed (by an organiser or
by the clock). Sender: the lecture; kwargs: ``previous`` (a LectureStatus), ``by_clock`` (bool).""")

participation_check = _signals.signal("lecture-participation-check", doc="""Asks whether anyone has taken part in
the lecture (registered, attended, watched the replay); such a lecture is kept for the reports. Sender: the
lecture's id. Each receiver returns True when its module holds participation.""")

lecture_deleting = _signals.signal("lecture-deleting", doc="""A lecture nobody took part in is about to be
deleted: receivers remove what belongs to it in their module (rows flushed now, files after the commit). Sender:
the lecture.""")

keeps_on_air = _signals.signal("lecture-keeps-on-air", doc="""Asks, when the clock would end a live lecture at its
planned end, whether something keeps it going (a live stream still on air, whose own end ends the lecture). Sender:
the lecture. Each receiver returns True to keep it live; the sweep asks again later.""")
