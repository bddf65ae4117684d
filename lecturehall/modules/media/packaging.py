"""A replay on disk, and what can be added to it later without re-encoding the video: interpretation languages
(audio renditions) and subtitles. master.m3u8 is always rebuilt from manifest.json and the files beside it.

Layout of a replay directory::

    manifest.json              what the replay holds: rungs, audio languages, subtitle languages, duration
    master.m3u8                written from the manifest by write_master()
    video/<rung>/              index.m3u8, init_*.mp4, seg_*.m4s      (one per rung: 1080p, 720p, ...)
    audio/main/                the recording's own sound              (AAC fMP4, segment_seconds segments)
    audio/<language>/          an interpretation track, same segmenting
    subs/<language>/           index.m3u8, seg_*.vtt, and the whole file as subtitles.vtt

Bandwidths and codec strings are measured from the files (segment sizes, the avcC box of the init segment), so a
master rebuilt from the directory is always true to it. Changes to one replay are serialised by a lock file."""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import re
import subprocess
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from lecturehall.modules.media import ladder
from lecturehall.modules.media.publishing import discard, publish, writing
from lecturehall.modules.media.runner import UNKNOWN_FAILURE, ProgressCallback, TranscodeFailed, run_ffmpeg
from lecturehall.modules.media.errors import MediaError
from lecturehall.modules.media.probe import MediaInfo, probe
from lecturehall.modules.media.subtitles import parse_webvtt, subtitle_to_webvtt

MANIFEST = "manifest.json"
MASTER = "master.m3u8"
AUDIO_GROUP = "audio"
SUBTITLE_GROUP = "subs"
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
AAC_LC = "mp4a.40.2"


@dataclass
class VideoRendition:
    name: str
    width: int
    height: int
    uri: str
    codecs: str
    frame_rate: float | None = None


@dataclass
class AudioRendition:
    id: str  # directory under audio/: "main" or the language tag
    language: str | None
    name: str
    uri: str
    codecs: str = AAC_LC
    channels: int = 2
    default: bool = False
    source: str | None = None  # which upload it was made from (see tasks._package_tracks)


@dataclass
class SubtitleTrack:
    language: str
    name: str
    uri: str
    source: str | None = None


@dataclass
class Manifest:
    duration: float
    segment_seconds: int
    video: list[VideoRendition] = field(default_factory=list)
    audio: list[AudioRendition] = field(default_factory=list)
    subtitles: list[SubtitleTrack] = field(default_factory=list)
    version: int = 1


def read_manifest(replay_dir) -> Manifest:
    data = json.loads((Path(replay_dir) / MANIFEST).read_text(encoding="utf-8"))
    return Manifest(
        duration=float(data["duration"]),
        segment_seconds=int(data["segment_seconds"]),
        video=[VideoRendition(**item) for item in data.get("video", [])],
        audio=[AudioRendition(**item) for item in data.get("audio", [])],
        subtitles=[SubtitleTrack(**item) for item in data.get("subtitles", [])],
        version=int(data.get("version", 1)),
    )


def save_manifest(replay_dir, manifest: Manifest) -> None:
    _write_atomic(Path(replay_dir) / MANIFEST, json.dumps(asdict(manifest), indent=2, ensure_ascii=False) + "\n")


@contextlib.contextmanager
def replay_lock(replay_dir):
    """Serialises changes to one replay's manifest and master (two organisers adding languages at once)."""
    with open(Path(replay_dir) / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- after the ladder ---------------------------------------------------------------------------------------------

def arrange_ladder(work_dir, info: MediaInfo, rungs: list, segment_seconds: int, *, language: str | None = None,
                   audio_name: str = "Original", frame_rate: float | None = None) -> Manifest:
    """Moves what ffmpeg wrote (``<rung>/``, ``main/``) into the replay layout, then writes manifest.json and the
    master playlist. Runs on the unpublished directory."""
    work_dir = Path(work_dir)
    if language is not None:
        _check_language(language)
    manifest = Manifest(duration=round(info.duration, 3), segment_seconds=segment_seconds)
    (work_dir / "video").mkdir(exist_ok=True)
    (work_dir / "audio").mkdir(exist_ok=True)
    for rung in rungs:
        os.rename(work_dir / rung.name, work_dir / "video" / rung.name)
        uri = f"video/{rung.name}/index.m3u8"
        _require_complete(work_dir / uri)
        manifest.video.append(VideoRendition(rung.name, rung.width, rung.height, uri,
                                             _video_codecs(work_dir / uri), frame_rate or ladder.output_fps(info)))
    if info.has_audio:
        os.rename(work_dir / ladder.MAIN_AUDIO, work_dir / "audio" / ladder.MAIN_AUDIO)
        uri = f"audio/{ladder.MAIN_AUDIO}/index.m3u8"
        _require_complete(work_dir / uri)
        manifest.audio.append(AudioRendition(ladder.MAIN_AUDIO, language, _clean_name(audio_name), uri,
                                             _audio_codecs(work_dir / uri), ladder.audio_channels(info), True))
    discard(work_dir / MASTER)  # ffmpeg's own; ours below names languages and measures real bandwidth
    save_manifest(work_dir, manifest)
    write_master(work_dir, manifest)
    return manifest


def _require_complete(playlist: Path) -> None:
    if not playlist.is_file() or "#EXT-X-ENDLIST" not in playlist.read_text(encoding="utf-8"):
        raise TranscodeFailed(UNKNOWN_FAILURE, f"{playlist.parent.name}: the playlist is missing or unfinished")


# --- master playlist ----------------------------------------------------------------------------------------------

def write_master(replay_dir, manifest: Manifest | None = None) -> Path:
    """(Re)writes master.m3u8 from the manifest (read from the directory when not given): one EXT-X-MEDIA per
    audio language and per subtitle language, one EXT-X-STREAM-INF per rung, and an audio-only variant for poor
    connections. The rung nearest 480p comes first: players that start with the first variant start there."""
    replay_dir = Path(replay_dir)
    manifest = manifest or read_manifest(replay_dir)
    audio_rates = {a.id: segment_bitrates(replay_dir / a.uri) for a in manifest.audio}
    audio_peak = max((peak for peak, _ in audio_rates.values()), default=0)
    audio_average = max((average for _, average in audio_rates.values()), default=0)
    audio_codecs = sorted({a.codecs for a in manifest.audio})

    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for audio in manifest.audio:
        attributes = ["TYPE=AUDIO", f'GROUP-ID="{AUDIO_GROUP}"']
        if audio.language:
            attributes.append(f'LANGUAGE="{audio.language}"')
        attributes += [f'NAME="{_clean_name(audio.name)}"', f"DEFAULT={'YES' if audio.default else 'NO'}",
                       "AUTOSELECT=YES", f'CHANNELS="{audio.channels}"', f'URI="{audio.uri}"']
        lines.append("#EXT-X-MEDIA:" + ",".join(attributes))
    for track in manifest.subtitles:
        lines.append("#EXT-X-MEDIA:" + ",".join([
            "TYPE=SUBTITLES", f'GROUP-ID="{SUBTITLE_GROUP}"', f'LANGUAGE="{track.language}"',
            f'NAME="{_clean_name(track.name)}"', "DEFAULT=NO", "AUTOSELECT=YES", "FORCED=NO", f'URI="{track.uri}"',
        ]))

    groups = []
    if manifest.audio:
        groups.append(f'AUDIO="{AUDIO_GROUP}"')
    if manifest.subtitles:
        groups.append(f'SUBTITLES="{SUBTITLE_GROUP}"')
    for video in sorted(manifest.video, key=lambda v: (abs(min(v.width, v.height) - 480), -v.height)):
        peak, average = segment_bitrates(replay_dir / video.uri)
        attributes = [f"BANDWIDTH={peak + audio_peak}", f"AVERAGE-BANDWIDTH={average + audio_average}",
                      f"RESOLUTION={video.width}x{video.height}"]
        if video.frame_rate:
            attributes.append(f"FRAME-RATE={video.frame_rate:.3f}")
        attributes.append(f'CODECS="{",".join([video.codecs, *audio_codecs])}"')
        lines += ["#EXT-X-STREAM-INF:" + ",".join(attributes + groups), video.uri]
    default_audio = next((a for a in manifest.audio if a.default), manifest.audio[0] if manifest.audio else None)
    if default_audio is not None:
        attributes = [f"BANDWIDTH={max(audio_peak, 1)}", f"AVERAGE-BANDWIDTH={max(audio_average, 1)}",
                      f'CODECS="{",".join(audio_codecs)}"']
        lines += ["#EXT-X-STREAM-INF:" + ",".join(attributes + groups), default_audio.uri]
    master = replay_dir / MASTER
    _write_atomic(master, "\n".join(lines) + "\n")
    return master


def segment_bitrates(playlist: Path) -> tuple[int, int]:
    """(peak, average) bits per second over a media playlist's segments, from the files' sizes."""
    segments = _media_segments(playlist)
    if not segments:
        return 0, 0
    rates, total_bits, total_seconds = [], 0, 0.0
    for duration, path in segments:
        bits = path.stat().st_size * 8 if path.exists() else 0
        total_bits += bits
        total_seconds += duration
        if duration >= 0.5:
            rates.append(bits / duration)
    peak = max(rates) if rates else total_bits / max(total_seconds, 0.001)
    return math.ceil(peak), math.ceil(total_bits / max(total_seconds, 0.001))


def _media_segments(playlist: Path) -> list[tuple[float, Path]]:
    segments, duration = [], None
    for line in playlist.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#EXTINF:"):
            duration = float(line[len("#EXTINF:"):].split(",")[0])
        elif line and not line.startswith("#") and duration is not None:
            segments.append((duration, playlist.parent / line))
            duration = None
    return segments


def _video_codecs(playlist: Path) -> str:
    """avc1.PPCCLL from the avcC box of the rung's init segment (profile, constraints, level as encoded)."""
    match = re.search(r'#EXT-X-MAP:URI="([^"]+)"', playlist.read_text(encoding="utf-8"))
    if match:
        data = (playlist.parent / match.group(1)).read_bytes()
        at = data.find(b"avcC")
        if at >= 0 and len(data) >= at + 8:
            return "avc1.{:02x}{:02x}{:02x}".format(*data[at + 5:at + 8])
    return "avc1.4d401f"


def _audio_codecs(playlist: Path) -> str:
    argv = ["ffprobe", "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", "hls,mov",
            "-select_streams", "a:0", "-show_entries", "stream=profile", "-of", "default=nw=1:nk=1",
            f"file:{playlist.resolve()}"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    profile = done.stdout.strip()
    return {"HE-AAC": "mp4a.40.5", "HE-AACv2": "mp4a.40.29"}.get(profile, AAC_LC)


# --- interpretation languages -------------------------------------------------------------------------------------

def add_audio_language(replay_dir, source, language: str, name: str | None = None, *, info: MediaInfo | None = None,
                       default: bool = False, on_progress: ProgressCallback | None = None,
                       cancel: threading.Event | None = None, source_id: str | None = None) -> AudioRendition:
    """Adds (or replaces) the audio in ``language`` from ``source``: only that sound is encoded, to AAC at 64 kbit/s
    in segments as long as the video's, into audio/<language>/; the master playlist is rewritten. ``name`` is what
    players list (by default the language's name in itself: "Français"). Raises MediaError when ``source`` has no
    sound."""
    replay_dir = Path(replay_dir)
    _check_language(language)
    info = info or probe(source, kind="audio")
    if not info.has_audio:
        raise MediaError("no-audio")
    manifest = read_manifest(replay_dir)
    audio_dir = replay_dir / "audio"
    audio_dir.mkdir(exist_ok=True)
    target = audio_dir / language
    with writing(target, directory=True) as partial:
        argv = ladder.hls_audio_command(source, partial, info, manifest.segment_seconds,
                                        max_seconds=manifest.duration)
        run_ffmpeg(argv, min(info.duration, manifest.duration), on_progress, cancel)
        uri = f"audio/{language}/index.m3u8"
        _require_complete(partial / "index.m3u8")
        rendition = AudioRendition(language, language, _clean_name(name or language_name(language)), uri,
                                   _audio_codecs(partial / "index.m3u8"), ladder.audio_channels(info), default,
                                   source_id)
        with replay_lock(replay_dir):
            publish(partial, target)
            manifest = read_manifest(replay_dir)
            manifest.audio = [a for a in manifest.audio if a.id != language]
            if default:
                for audio in manifest.audio:
                    audio.default = False
            manifest.audio.append(rendition)
            save_manifest(replay_dir, manifest)
            write_master(replay_dir, manifest)
    return rendition


def remove_language(replay_dir, language: str, *, subtitles: bool) -> bool:
    """Withdraws an interpretation language (audio/<language>/) or the subtitles in ``language`` (subs/<language>/)
    from the replay and rewrites the master playlist without it. The recording's own sound cannot be withdrawn.
    False when the replay has no such language."""
    replay_dir = Path(replay_dir)
    with replay_lock(replay_dir):
        manifest = read_manifest(replay_dir)
        if subtitles:
            kept = [track for track in manifest.subtitles if track.language != language]
            removed, manifest.subtitles = len(kept) != len(manifest.subtitles), kept
            folder = replay_dir / "subs" / language
        else:
            kept = [audio for audio in manifest.audio if audio.id != language or audio.id == ladder.MAIN_AUDIO]
            removed, manifest.audio = len(kept) != len(manifest.audio), kept
            folder = replay_dir / "audio" / language
        if not removed:
            return False
        save_manifest(replay_dir, manifest)
        write_master(replay_dir, manifest)
    discard(folder)
    return True


# --- subtitles ----------------------------------------------------------------------------------------------------

def add_subtitles(replay_dir, webvtt_text: str, language: str, name: str | None = None, *,
                  source_id: str | None = None) -> SubtitleTrack:
    """Adds (or replaces) subtitles in ``language``: a WebVTT playlist with segments as long as the video's
    (a cue that spans a boundary appears in both segments, as HLS requires), plus the whole file as
    subs/<language>/subtitles.vtt. ``webvtt_text`` may also be SubRip; it is checked with subtitle_to_webvtt."""
    replay_dir = Path(replay_dir)
    _check_language(language)
    text = subtitle_to_webvtt(webvtt_text.encode("utf-8"))
    header, cues = parse_webvtt(text)
    manifest = read_manifest(replay_dir)
    seconds = manifest.segment_seconds
    count = max(1, math.ceil(manifest.duration / seconds - 1e-9))
    subs_dir = replay_dir / "subs"
    subs_dir.mkdir(exist_ok=True)
    target = subs_dir / language
    with writing(target, directory=True) as partial:
        playlist = ["#EXTM3U", "#EXT-X-VERSION:3", f"#EXT-X-TARGETDURATION:{seconds}", "#EXT-X-MEDIA-SEQUENCE:0",
                    "#EXT-X-PLAYLIST-TYPE:VOD"]
        for index in range(count):
            start, end = index * seconds, min((index + 1) * seconds, manifest.duration)
            inside = [cue for begin, finish, cue in cues if begin < end and finish > start]
            # fMP4 media starts at 0, so cue times are media times (MPEGTS 0 = LOCAL 0).
            body = ["WEBVTT", "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000", "", *header, *inside]
            (partial / f"seg_{index:05d}.vtt").write_text("\n".join(body) + "\n", encoding="utf-8")
            playlist += [f"#EXTINF:{max(end - start, 0.001):.3f},", f"seg_{index:05d}.vtt"]
        playlist.append("#EXT-X-ENDLIST")
        (partial / "index.m3u8").write_text("\n".join(playlist) + "\n", encoding="utf-8")
        (partial / "subtitles.vtt").write_text(text, encoding="utf-8")
        track = SubtitleTrack(language, _clean_name(name or language_name(language)), f"subs/{language}/index.m3u8",
                              source_id)
        with replay_lock(replay_dir):
            publish(partial, target)
            manifest = read_manifest(replay_dir)
            manifest.subtitles = [s for s in manifest.subtitles if s.language != language] + [track]
            save_manifest(replay_dir, manifest)
            write_master(replay_dir, manifest)
    return track


# --- small helpers ------------------------------------------------------------------------------------------------

def language_name(language: str) -> str:
    """A language's name in itself ("Français", "中文"), as players list tracks; the tag when Babel has no name."""
    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name()
    except (ValueError, TypeError, UnknownLocaleError):
        return language
    return (name[:1].upper() + name[1:]) if name else language


def _check_language(language: str) -> None:
    if not LANGUAGE_TAG.fullmatch(language or ""):
        raise ValueError(f"not a language tag: {language!r} (expected e.g. 'fr' or 'zh-Hans')")


def _clean_name(name: str) -> str:
    """A NAME attribute: quoted strings in playlists may not hold quotes or line breaks."""
    cleaned = re.sub(r'["\r\n\x00-\x1f]+', " ", str(name)).strip()
    return cleaned[:100] or "Audio"


def _write_atomic(path: Path, text: str) -> None:
    with writing(path, directory=False) as partial:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
