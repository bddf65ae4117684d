"""What the media module asks of the modules built on it (presence reports what the player plays).

Sent while a page renders; receivers answer, media knows none of them.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

player_attributes = _signals.signal("player-attributes", doc="""The player is being rendered. Sender: the lecture;
kwargs: ``viewer`` (the User, or None for an anonymous visitor), ``mode`` ("replay" or "live"), ``duration`` (the
recording's length in seconds, 0 for live). Each receiver returns a dict of extra ``data-*`` attributes for the
player's element (names without the ``data-`` prefix, string values), or None.""")
