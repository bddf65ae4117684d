"""nginx-rtmp's statistics page (``rtmp_stat all``) read as plain values: which streams are being published, what
each publisher sends (codecs, size, frame rate, bitrates) and the RTMP timestamp it has reached. The timestamp,
read with the wall-clock moment of the reading, is what lines up independent pushes (see packager.py)."""

from __future__ import annotations

import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedStream:
    name: str
    client_id: str
    address: str
    seconds: float  # since the push started
    timestamp: float  # the publisher's RTMP timestamp last received, in seconds
    read_at: float  # wall clock (time.time()) when the page was read
    bw_video: int  # bits per second, as nginx measured them
    bw_audio: int
    video_codec: str | None = None
    video_profile: str | None = None
    video_level: str | None = None
    width: int | None = None
    height: int | None = None
    frame_rate: float | None = None
    audio_codec: str | None = None
    audio_channels: int | None = None
    sample_rate: int | None = None

    @property
    def wall_at_zero(self) -> float:
        """The wall-clock time at which this push's timestamp 0 reached nginx (its timestamps run in real time)."""
        return self.read_at - self.timestamp


def read_stat(url: str, timeout: float = 2.0) -> dict[str, PublishedStream]:
    """The streams being published now, by name. Raises OSError when nginx does not answer."""
    before = time.time()
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 -- our own loopback URL
        body = response.read()
    read_at = (before + time.time()) / 2
    return parse_stat(body, read_at)


def parse_stat(body: bytes | str, read_at: float) -> dict[str, PublishedStream]:
    root = ET.fromstring(body)
    streams = {}
    for stream in root.iter("stream"):
        publisher = next((c for c in stream.findall("client") if c.find("publishing") is not None), None)
        if publisher is None or stream.find("publishing") is None:
            continue
        name = _text(stream, "name")
        video, audio = stream.find("meta/video"), stream.find("meta/audio")
        streams[name] = PublishedStream(
            name=name, client_id=_text(publisher, "id"), address=_text(publisher, "address"),
            seconds=_number(publisher, "time", 0) / 1000, timestamp=_number(publisher, "timestamp", 0) / 1000,
            read_at=read_at, bw_video=int(_number(stream, "bw_video", 0)), bw_audio=int(_number(stream, "bw_audio", 0)),
            video_codec=_text(video, "codec"), video_profile=_text(video, "profile"), video_level=_text(video, "level"),
            width=_int(video, "width"), height=_int(video, "height"), frame_rate=_number(video, "frame_rate"),
            audio_codec=_text(audio, "codec"), audio_channels=_int(audio, "channels"),
            sample_rate=_int(audio, "sample_rate"))
    return streams


def _text(node, path: str) -> str | None:
    if node is None:
        return None
    found = node.find(path)
    return found.text.strip() if found is not None and found.text else None


def _number(node, path: str, default=None):
    text = _text(node, path)
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _int(node, path: str) -> int | None:
    value = _number(node, path)
    return int(value) if value else None
