"""What the lecture page needs to show a replay: signed URLs and the player's translated labels."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from lecturehall.core.auth import current_viewer
from lecturehall.core.i18n import current_language
from lecturehall.modules.media import access, queries, signals


@dataclass(frozen=True)
class PlayerView:
    src: str
    poster: str
    thumbnails: str
    download: str
    resume_url: str
    default_subtitle: str
    default_audio: str
    labels: dict
    quick: bool
    # data-* attributes other modules add (presence: where to send heartbeats, and the viewing token)
    extra: dict


def labels() -> dict:
    return {
        "player": _("Video player"), "play": _("Play"), "pause": _("Pause"), "mute": _("Mute"),
        "unmute": _("Unmute"), "fullscreen": _("Full screen"), "exit_fullscreen": _("Exit full screen"),
        "seek": _("Seek"), "quality": _("Quality"), "auto": _("Auto"), "audio_only": _("Audio only"),
        "audio": _("Audio"), "subtitles": _("Subtitles"), "off": _("Off"), "speed": _("Speed"),
        "download": _("Download (MP4)"), "resumed_at": _("Resumed at %(time)s", time="{time}"),
        "start_over": _("Start from the beginning"), "error": _("This video could not be played."),
        "unsupported": _("This browser cannot play this video."),
    }


def player_for(lecture) -> PlayerView | None:
    replay = queries.replay_of(lecture.id)
    viewer = current_viewer()
    if replay is None or not queries.can_watch(lecture, viewer):
        return None
    # Production: another module (live, through nginx) may serve the files under its own signed prefix.
    prefix = next((answer for _receiver, answer in signals.replay_source.send(lecture, viewer=viewer, replay=replay)
                   if answer), None)
    token = None if prefix else access.make_token(lecture.id, replay.version, viewer.id if viewer else None)

    def file_url(path: str | None) -> str:
        if not path:
            return ""
        return prefix + path if prefix else url_for("media.replay_file", lecture_id=lecture.id, token=token,
                                                    path=path)

    language = current_language()
    tracks = {(track.kind.value, track.language) for track in queries.tracks_of(lecture.id)}
    extra = {}
    for _receiver, attributes in signals.player_attributes.send(lecture, viewer=viewer, mode="replay",
                                                                duration=replay.duration):
        extra.update(attributes or {})
    return PlayerView(
        src=file_url("master.m3u8"),
        poster=file_url(replay.poster_path),
        thumbnails=file_url(replay.thumbnails_path),
        download=url_for("media.replay_download", lecture_id=lecture.id)
        if replay.allow_download and replay.download_path else "",
        resume_url=url_for("media.replay_position", lecture_id=lecture.id) if viewer else "",
        default_subtitle=language if ("subtitles", language) in tracks else "",
        default_audio=language if ("audio", language) in tracks or lecture.lecture_language == language else "",
        labels=labels(),
        quick=replay.quick,
        extra=extra,
    )
