"""A demo recording, so a newcomer can play a replay minutes after setup: slides with text and a tone, made by
ffmpeg's lavfi sources, with an interpretation track and subtitles in two languages. It goes in through the same
upload operations as an organiser's files (checked by content, then queued for transcoding), so the worker makes
the real ladder while the site is already up."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from lecturehall.modules.media import uploads
from lecturehall.modules.media.probe import require_ffmpeg

SLIDE_SECONDS = 8
WIDTH, HEIGHT = 854, 480
# (background, title, line): one slide every SLIDE_SECONDS.
SLIDES = (
    ("0x1d3557", "Cross-border e-commerce policy", "Cloud Lecture Hall - demo recording"),
    ("0x264653", "1. Pilot zones", "From a few cities to the whole country"),
    ("0x2a4d69", "2. Retail import lists", "What may be sold across the border, and how"),
    ("0x3d405b", "3. Customs and risk", "Fast clearance with controls that work"),
    ("0x1d3557", "Questions", "Thank you for taking part"),
)
SUBTITLES = {
    "en": ("Welcome to the Cloud Lecture Hall.", "Pilot zones started in a few cities.",
           "Retail import lists say what may be sold.", "Customs must be fast and safe.", "Your questions, please."),
    "es": ("Bienvenidos al Aula Virtual.", "Las zonas piloto empezaron en pocas ciudades.",
           "Las listas de importación dicen qué se puede vender.", "La aduana debe ser rápida y segura.",
           "Sus preguntas, por favor."),
}
INTERPRETATION = "es"


@dataclass(frozen=True)
class DemoMedia:
    recording: Path
    interpretation: Path
    subtitles: dict[str, Path]


def _duration() -> int:
    return SLIDE_SECONDS * len(SLIDES)


def _escape(text: str) -> str:
    """Text for ffmpeg's drawtext option inside a filter graph: its own quoting, then the graph's."""
    return text.replace("\\", "\\\\").replace("'", "\u2019").replace(":", "\\:").replace(",", "\\,")


def _slides_filter() -> str:
    parts = []
    for index, (background, title, line) in enumerate(SLIDES):
        start, end = index * SLIDE_SECONDS, (index + 1) * SLIDE_SECONDS
        when = f"enable='gte(t,{start})*lt(t,{end})'"
        parts.append(f"drawbox=x=0:y=0:w=iw:h=ih:color={background}@1:t=fill:{when}")
        parts.append(f"drawtext=font=DejaVu Sans:text='{_escape(title)}':fontcolor=white:fontsize=40"
                     f":x=(w-text_w)/2:y=h/2-60:{when}")
        parts.append(f"drawtext=font=DejaVu Sans:text='{_escape(line)}':fontcolor=0xe9c46a:fontsize=26"
                     f":x=(w-text_w)/2:y=h/2+20:{when}")
    parts.append(f"drawtext=font=DejaVu Sans:text='%{{pts\\:hms}}':fontcolor=white@0.6:fontsize=18:x=20:y=h-36")
    return ",".join(parts)


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", *args], check=True, timeout=300)


def make(folder: Path) -> DemoMedia:
    """Writes the recording (H.264/AAC MP4), the interpretation (M4A) and the subtitle files into ``folder``, or
    finds them there from an earlier run (they are the same every time)."""
    require_ffmpeg()
    folder.mkdir(parents=True, exist_ok=True)
    seconds = _duration()
    recording = folder / "cross-border-policy-demo.mp4"
    interpretation = folder / f"interpretation-{INTERPRETATION}.m4a"
    if not (recording.exists() and interpretation.exists()):
        _record(recording, interpretation, seconds)
    subtitles = {}
    for language, lines in SUBTITLES.items():
        cues = [f"{_stamp(index * SLIDE_SECONDS + 1)} --> {_stamp((index + 1) * SLIDE_SECONDS - 1)}\n{text}"
                for index, text in enumerate(lines)]
        path = folder / f"subtitles-{language}.vtt"
        path.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
        subtitles[language] = path
    return DemoMedia(recording, interpretation, subtitles)


def _record(recording: Path, interpretation: Path, seconds: int) -> None:
    """Each file is written beside its name and renamed when complete, so a run that was stopped leaves none."""
    partial = recording.with_name(f".{recording.name}.partial.mp4")
    _ffmpeg("-f", "lavfi", "-i", f"color=c=black:s={WIDTH}x{HEIGHT}:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=48000:d={seconds}",
            "-vf", _slides_filter(), "-af", "volume=0.3", "-c:v", "libx264", "-preset", "veryfast",
            "-pix_fmt", "yuv420p", "-g", "100", "-c:a", "aac", "-b:a", "96k", "-shortest", str(partial))
    partial.rename(recording)
    partial = interpretation.with_name(f".{interpretation.name}.partial.m4a")
    _ffmpeg("-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=48000:d={seconds}", "-af", "volume=0.3",
            "-c:a", "aac", "-b:a", "64k", str(partial))
    partial.rename(interpretation)


def _stamp(seconds: int) -> str:
    return f"00:{seconds // 60:02d}:{seconds % 60:02d}.000"


def attach(lecture, uploader) -> None:
    """Makes the demo media and attaches it to ``lecture`` as ``uploader`` would upload it: the recording queues
    transcoding once the caller commits. The source files are kept in the instance folder for the next demo.
    Flushes only."""
    media = make(Path(current_app.instance_path) / "demo-media")
    files = [("recording", None, media.recording), ("audio", INTERPRETATION, media.interpretation)]
    files += [("subtitles", language, path) for language, path in media.subtitles.items()]
    for purpose, language, path in files:
        upload = uploads.start_upload(lecture, uploader, filename=path.name, size=path.stat().st_size,
                                      purpose=purpose, language=language)
        uploads.receive_file(upload, path)
        uploads.finish_upload(upload)
