"""Words for what the worker reports: the session's state and the publishers' warnings, translated for the stream
panel and the jobs page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lecturehall.modules.live.callbacks import parse_stream_name
from lecturehall.modules.live.models import LiveSession
from lecturehall.modules.live.probe import MAX_KEYFRAME_INTERVAL, MAX_VIDEO_KBPS

STATE_LABELS = {
    "live": _l("On air"),
    "interrupted": _l("The publisher is gone; waiting for it to come back"),
    "ending": _l("Ending: the recording is being published"),
    "ended": _l("Ended"),
}

PIPELINE_LABELS = {
    "starting": _l("Starting"),
    "live": _l("Packaging"),
    "restarting": _l("Restarting"),
    "waiting": _l("Waiting for the publisher"),
    "ending": _l("Ending"),
}

WARNINGS = {
    "no-video": _l("No video is arriving."),
    "video-codec": _l("The video is not H.264: set the encoder to H.264 (x264 or the hardware H.264 encoder)."),
    "no-audio": _l("No sound is arriving."),
    "audio-codec": _l("The sound is not AAC: set the encoder's audio to AAC."),
    "keyframes": _l("Keyframes are too far apart: set the keyframe interval to 2 seconds."),
    "bitrate": _l("The video bitrate is very high for viewers on slow connections: at most %(kbps)s kbit/s.",
                  kbps=MAX_VIDEO_KBPS),
}


def session_report(session: LiveSession | None) -> dict | None:
    if session is None:
        return None
    publishers = []
    for item in session.publishers or []:
        parsed = parse_stream_name(item.get("stream", "")) or ("", None)
        publishers.append({**item, "language": parsed[1],
                           "warnings_text": [str(WARNINGS.get(code, code)) for code in item.get("warnings", [])]})
    health = session.health or {}
    return {
        "state": session.state.value,
        "state_label": str(STATE_LABELS[session.state.value]),
        "pipeline_label": str(PIPELINE_LABELS.get(health.get("state"), "")) if health else "",
        "health": health,
        "publishers": publishers,
        "keyframe_target": MAX_KEYFRAME_INTERVAL,
    }
