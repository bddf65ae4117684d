"""What the lecture page needs to show a replay: signed URLs (also for the player asking again for them, when the
ones it has are refused) and the player's translated labels."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from lecturehall.core.auth import current_viewer
from lecturehall.core.i18n import current_language
from lecturehall.modules.media import access, queries, signals


@dataclass(frozen=True)
class ReplaySource:
    """Where a viewer's player finds the replay's files. The URLs name the replay's version and expire (access.py),
    so a player whose URLs are refused (a new version published, a page left open too long) asks for these again
    (media.replay_source)."""

    src: str  # the master playlist
    poster: str
    thumbnails: str
    version: int
    quick: bool  # the quick first version, shown while the full ladder is being made


@dataclass(frozen=True)
class PlayerView:
    src: str
    poster: str
    thumbnails: str
    # where the player gets a fresh ReplaySource (JSON)
    source_url: str
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


def source_for(lecture, replay, viewer) -> ReplaySource:
    """The replay's URLs for ``viewer`` (the User or None), whom the caller has checked ``queries.can_watch`` lets
    in."""
    # Production: another module (live, through nginx) may serve the files under its own signed prefix.
    prefix = next((answer for _receiver, answer in signals.replay_source.send(lecture, viewer=viewer, replay=replay)
                   if answer), None)
    token = None if prefix else access.make_token(lecture.id, replay.version, viewer.id if viewer else None)

    def file_url(path: str | None) -> str:
        if not path:
            return ""
        return prefix + path if prefix else url_for("media.replay_file", lecture_id=lecture.id, token=token,
                                                    path=path)

    return ReplaySource(src=file_url("master.m3u8"), poster=file_url(replay.poster_path),
                        thumbnails=file_url(replay.thumbnails_path), version=replay.version, quick=replay.quick)


def player_for(lecture) -> PlayerView | None:
    replay = queries.replay_of(lecture.id)
    viewer = current_viewer()
    if replay is None or not queries.can_watch(lecture, viewer):
        return None
    source = source_for(lecture, replay, viewer)
    language = current_language()
    tracks = {(track.kind.value, track.language) for track in queries.tracks_of(lecture.id)}
    extra = {}
    for _receiver, attributes in signals.player_attributes.send(lecture, viewer=viewer, mode="replay",
                                                                duration=replay.duration):
        extra.update(attributes or {})
    return PlayerView(
        src=source.src,
        poster=source.poster,
        thumbnails=source.thumbnails,
        source_url=url_for("media.replay_source", lecture_id=lecture.id),
        download=url_for("media.replay_download", lecture_id=lecture.id)
        if replay.allow_download and replay.download_path else "",
        resume_url=url_for("media.replay_position", lecture_id=lecture.id) if viewer else "",
        default_subtitle=language if ("subtitles", language) in tracks else "",
        default_audio=language if ("audio", language) in tracks or lecture.lecture_language == language else "",
        labels=labels(),
        quick=replay.quick,
        extra=extra,
    )
