"""What presence tells the modules above it."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

activity_folded = _signals.signal("presence-activity-folded", doc="""Compaction folded beats into the live
attendance and replay figures (flushed, not committed: receivers flush their own rows into the same transaction).
Sender: None; kwargs: ``people``, a set of (user_id, browser_id) whose figures changed — the browser only when
there is no user; ``replay_days``, a set of (lecture_id, day) whose replay views changed.""")
