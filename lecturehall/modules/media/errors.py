"""Why a media file is refused, in the uploader's language, and the operator's error when ffmpeg is missing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "empty": _l("The file is empty. Choose the recording again and upload it once more."),
    "not-media": _l("This file is not an audio or video recording we can read. Upload a video (such as MP4, WebM "
                    "or MOV) or an audio file (such as MP3, M4A or WAV)."),
    "truncated": _l("This recording is incomplete: the file ends early, probably because the upload or the "
                    "recording was interrupted. Upload the complete file."),
    "no-streams": _l("This file holds neither sound nor pictures. Upload the recording itself."),
    "no-audio": _l("This file has no sound. An interpretation track must contain audio."),
    "bad-dimensions": _l("The picture size of this video is not supported: it must be between 32×32 and 7680×4320 "
                         "pixels."),
    "bad-duration": _l("The recording must last between half a second and 12 hours."),
    "bad-name": _l("This file name cannot be used. Rename the file with letters or digits and upload it again."),
    "not-subtitles": _l("This file is not a subtitle file we can read. Upload WebVTT (.vtt) or SubRip (.srt) "
                        "subtitles saved as UTF-8."),
}


class MediaError(Exception):
    """A refused file: ``code`` names the reason for code ("truncated"), ``message`` says it to the uploader in
    their language (a lazy string)."""

    def __init__(self, code: str, message=None):
        self.code = code
        self.message = message if message is not None else MESSAGES.get(code, MESSAGES["not-media"])
        super().__init__(code)


class FFmpegMissing(RuntimeError):
    """ffmpeg or ffprobe is not installed; said to the operator, not to an uploader."""
