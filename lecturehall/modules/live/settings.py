"""The live engine's settings: one frozen dataclass the app fills from its configuration (or a test from tmp_path),
handed to every part of the engine. Nothing here reads Flask's config: the engine runs in the web process, in the
worker, or in a test without an app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAIN = "main"  # the audio rendition of the lecture's own sound, as in the recordings pipeline (audio/main/)


@dataclass(frozen=True)
class LiveSettings:
    live_root: Path  # one directory per live lecture: <live_root>/<lecture>/ (becomes the replay when it ends)
    nginx_prefix: Path  # nginx's own files: conf/, logs/, temp folders (the embedded default: <instance>/nginx)
    callback_url: str  # the app's internal endpoint nginx calls on publish; ".../publish" and ".../publish_done"
    callback_secret: str = ""  # sent by nginx as ?secret=...; callers not on loopback must present it
    rtmp_listen: str = "0.0.0.0:1935"  # where publishers (OBS, Zoom, vMix) push to
    http_listen: str = "127.0.0.1:8935"  # nginx's HTTP side: the stat page (loopback only), and files in production
    application: str = "live"  # the lecturer pushes to rtmp://host:1935/<application>/<stream key>
    interpreter_application: str = "interpret"  # interpreters push to rtmp://host:1935/interpret/<their key>
    segment_seconds: int = 2
    live_window_segments: int = 8  # what the sliding live playlist lists (16 s): enough for hls.js to start behind
    grace_seconds: float = 300.0  # a publisher that reconnects within this continues the same live session
    audio_bitrate: str = "64k"  # every audio rendition, the audio-only one included (poor connections)
    drop_idle_publisher: str = "10s"  # nginx drops a publisher that sends nothing for this long
    stall_seconds: float = 10.0  # a packager writing no segment for this long while its publisher sends is restarted
    start_timeout: float = 15.0  # a packager that writes nothing for this long after starting is restarted
    restart_backoff: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)  # waits between restarts after a crash
    ffmpeg: str = "ffmpeg"
    nginx: str = "nginx"
    rtmp_module: Path | None = None  # found by nginx.find_rtmp_module() when None
    nginx_user: str | None = None  # production: the user nginx's workers run as (e.g. www-data)

    @property
    def rtmp_port(self) -> int:
        return int(self.rtmp_listen.rsplit(":", 1)[1])

    @property
    def http_port(self) -> int:
        return int(self.http_listen.rsplit(":", 1)[1])

    @property
    def stat_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/rtmp-stat"

    def pull_url(self, stream: str) -> str:
        """Where the packager reads a stream from nginx (always over loopback): an interpreter's stream name has a
        language (callbacks.stream_name) and lives in the interpreters' application."""
        application = self.interpreter_application if "." in stream else self.application
        return f"rtmp://127.0.0.1:{self.rtmp_port}/{application}/{stream}"

    def lecture_dir(self, lecture: str) -> Path:
        return Path(self.live_root) / str(lecture)
