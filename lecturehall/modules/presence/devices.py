"""The kind of device a viewer watches on, from the User-Agent header: mobile, tablet, tv or desktop. Only the kind is
kept, never the header."""

from __future__ import annotations

import functools
import re

_TV = re.compile(r"SmartTV|SMART-TV|GoogleTV|AppleTV|HbbTV|Web0S|Tizen.+TV|\bTV\b|CrKey|AFT[A-Z]", re.I)
_TABLET = re.compile(r"iPad|Tablet|Kindle|Silk/|PlayBook|Nexus (7|9|10)|SM-T\d", re.I)
_MOBILE = re.compile(r"Mobi|iPhone|iPod|Android.+Mobile|Windows Phone|Opera Mini|BlackBerry", re.I)
_ANDROID = re.compile(r"Android", re.I)

KINDS = ("desktop", "mobile", "tablet", "tv")


def device_of(user_agent: str | None) -> str:
    return _kind(user_agent or "")


@functools.lru_cache(maxsize=4096)
def _kind(text: str) -> str:
    """Cached: four searches of a long header cost more than the rest of a heartbeat, and viewers share a few
    hundred browsers' headers."""
    if _TV.search(text):
        return "tv"
    if _TABLET.search(text):
        return "tablet"
    if _MOBILE.search(text):
        return "mobile"
    if _ANDROID.search(text):  # Android without "Mobile" is a tablet
        return "tablet"
    return "desktop"
