"""Reading what the engine wrote: playlists, segments and durations, judged by ffprobe."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path


def playlist(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def entries(path: Path) -> list[tuple[str, float, str]]:
    """(init, duration, segment) for each segment of a playlist, paths relative to its folder."""
    result, init, duration = [], None, None
    for line in playlist(path).splitlines():
        if line.startswith("#EXT-X-MAP:"):
            init = re.search(r'URI="([^"]+)"', line).group(1)
        elif line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",")[0])
        elif line and not line.startswith("#"):
            result.append((init, duration, line))
    return result


def media_sequence(path: Path) -> int:
    match = re.search(r"#EXT-X-MEDIA-SEQUENCE:(\d+)", playlist(path))
    return int(match.group(1)) if match else -1


def probe_segment(folder: Path, init: str, segment: str) -> dict:
    """ffprobe's view of one segment (with its init segment): its streams, and ``seconds``, the media it holds
    (the sum of its packets' durations: timestamps are on the session's clock, not from 0)."""
    data = (folder / init).read_bytes() + (folder / segment).read_bytes()
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name",
                           "-show_entries", "packet=duration_time", "-of", "json", "-f", "mp4", "-i", "pipe:0"],
                          input=data, capture_output=True, timeout=30, check=True)
    probed = json.loads(done.stdout)
    probed["seconds"] = sum(float(packet.get("duration_time", 0)) for packet in probed.get("packets", []))
    return probed


def probe_file(path: Path) -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                           "stream=codec_type,codec_name,duration:stream_tags=language:format=duration", "-of", "json",
                           str(path)], capture_output=True, timeout=60, check=True, text=True)
    return json.loads(done.stdout)
