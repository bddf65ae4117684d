"""What the media module asks of the modules built on it (presence reports what the player plays; live serves the
replay's files through nginx in production).

Sent while a page renders (replay_source also when the player asks again for the replay's URLs); receivers answer,
media knows none of them.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

player_attributes = _signals.signal("player-attributes", doc="""The player is being rendered. Sender: the lecture;
kwargs: ``viewer`` (the User, or None for an anonymous visitor), ``mode`` ("replay" or "live"), ``duration`` (the
recording's length in seconds, 0 for live). Each receiver returns a dict of extra ``data-*`` attributes for the
player's element (names without the ``data-`` prefix, string values), or None.""")

replay_source = _signals.signal("replay-source", doc="""The replay player is being rendered, or asks again for
the replay's URLs (media.replay_source: its own were refused, a new version or expired), for a viewer that
media.queries.can_watch has let in (never sent otherwise). Sender: the lecture; kwargs: ``viewer`` (the User or
None), ``replay`` (the published Replay: its ``directory`` in storage and ``version``). A receiver that serves the
replay's files itself returns the URL prefix (ending in "/") under which every file of the replay's folder is found
by its relative path (master.m3u8, renditions, segments, subtitles, thumbnails), minted for this viewer; or None.
The first prefix answered wins; when nobody answers, media serves the files itself under its own signed token.""")
