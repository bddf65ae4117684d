"""Live lectures end to end, with the real app: ffmpeg pushes (-re) a 1080p30 lecture-like test pattern with a tone
(2-s keyframes, ~3 Mbit/s, pre-encoded and copied so the pushers cost little) into the embedded nginx through the
app's callbacks; the live pipelines run as the worker runs them; Chromium plays the lecture page through hls.js.

    .venv/bin/python bench/live.py [--player-seconds 60] [--live-seconds 600] [--max-lectures 12]
                                   [--concurrent-seconds 120] [--load-seconds 10]

Figures (the last lines, `name: value`):
* ingest_to_listed_p50_s / _p95_s: from a segment's first frame arriving (its EXT-X-PROGRAM-DATE-TIME: the packager
  puts every push on its arrival wall clock) to the segment being listed in the live playlist (floor: one segment);
* player_latency_s: hls.js's live latency in Chromium after --player-seconds;
* replay_after_end_s: from the organiser's "end" after --live-seconds of live to the replay being published;
* concurrent_lectures: the most lectures (each with its audio-only rendition, one interpretation and recording on)
  whose every playlist grew without a wait longer than two segments for --concurrent-seconds (tried 2, 4, 6, ...);
* segment_rps_production / _nginx_plain / _ratio / _app: requests per second for one 2-s segment, signed through
  the production nginx configuration, unsigned from the same nginx, and through the app (embedded default), with
  the same bounded load generator (keep-alive connections in 4 processes) on loopback."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import multiprocessing
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lecturehall.app import create_app  # noqa: E402
from lecturehall.core.db import db, utcnow  # noqa: E402
from lecturehall.modules.lectures import operations as lectures  # noqa: E402
from lecturehall.modules.lectures.models import Lecture, ReplayVisibility  # noqa: E402
from lecturehall.modules.lectures.timezones import to_local  # noqa: E402
from lecturehall.modules.live import operations, signing  # noqa: E402
from lecturehall.modules.live.models import LiveSession  # noqa: E402
from lecturehall.modules.live.nginx import NginxServer, render_production  # noqa: E402
from lecturehall.modules.live.pipelines import LivePipelines  # noqa: E402
from lecturehall.modules.live.runtime import links_secret, live_settings  # noqa: E402
from lecturehall.modules.programmes.models import Programme  # noqa: E402
from tests.live.conftest import free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
RENDITIONS = ("video/source/index.m3u8", "audio/main/index.m3u8", "audio/fr/index.m3u8")


def clips(work: Path) -> tuple[Path, Path]:
    lecture, voice = work / "lecture.flv", work / "voice.flv"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=s=1920x1080:r=30:d=30", "-f", "lavfi", "-i", "sine=f=440:r=48000:d=30",
                    "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                    "-b:v", "3000k", "-maxrate", "3000k", "-bufsize", "6000k", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "128k", str(lecture)], check=True)
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=f=660:r=48000:d=30",
                    "-c:a", "aac", "-b:a", "96k", str(voice)], check=True)
    return lecture, voice


def push(clip: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", str(clip),
                             "-c", "copy", "-f", "flv", url], stdin=subprocess.DEVNULL)


class Bench:
    def __init__(self, work: Path):
        self.work = work
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app({
            "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "INSTANCE_DIR": str(work / "instance"),
            "MEDIA_DIR": str(work / "media"), "SECRET_KEY": "bench-secret", "BASE_URL": self.url,
            "RATELIMIT_ENABLED": False, "LIVE_RTMP_LISTEN": f"127.0.0.1:{free_port()}",
            "LIVE_HTTP_LISTEN": f"127.0.0.1:{free_port()}", "LIVE_GRACE_SECONDS": 30, "LIVE_POLL_SECONDS": 0.25,
            "LIVE_WINDOW_AFTER_MINUTES": 600})
        with self.app.app_context():
            db.create_all()
            self.programme = Programme(name="Bench programme", description="")
            db.session.add(self.programme)
            db.session.commit()
            self.programme_id = self.programme.id
        from waitress.server import create_server  # the embedded server, as `lecturehall serve` runs it

        self.server = create_server(self.app, host="127.0.0.1", port=self.port, threads=8)
        threading.Thread(target=self.server.run, daemon=True).start()
        self.settings = live_settings(self.app)
        self.nginx = NginxServer(self.settings)
        self.nginx.start()
        self.pipelines = LivePipelines(self.app, leads=lambda: True).start()
        self.pushers: list[subprocess.Popen] = []

    def lecture(self, title: str) -> tuple[int, str, str]:
        with self.app.test_request_context():
            lecture = lectures.create_lecture(lectures.LectureData(
                programme_id=self.programme_id, title=title, summary="", description="", original_language="en",
                lecture_language="en", local_start=to_local(utcnow() + timedelta(minutes=5), "UTC").replace(
                    second=0, microsecond=0), timezone="UTC", duration_minutes=120,
                replay_visibility=ReplayVisibility.public), None, publish=True)
            keys = operations.ensure_stream(lecture).stream_key, operations.interpreter_key(lecture, "fr").key
            db.session.commit()
            return lecture.id, *keys

    def start_pushes(self, keys: tuple[str, str], clips_: tuple[Path, Path]) -> None:
        base = f"rtmp://127.0.0.1:{self.settings.rtmp_port}"
        self.pushers += [push(clips_[0], f"{base}/live/{keys[0]}"), push(clips_[1], f"{base}/interpret/{keys[1]}")]

    def folder(self, lecture_id: int) -> Path:
        return self.settings.lecture_dir(str(lecture_id))

    def end(self, lecture_id: int) -> float:
        """Ends the lecture as the organiser does; returns the seconds until its replay was published."""
        with self.app.test_request_context():
            operations.end_lecture(db.session.get(Lecture, lecture_id), None)
            db.session.commit()
            ended = time.time()
            while True:
                db.session.expire_all()
                session = db.session.query(LiveSession).filter_by(lecture_id=lecture_id).one()
                if session.replay_published_at is not None:
                    return session.replay_published_at.timestamp() - ended
                time.sleep(0.1)

    def stop_pushes(self) -> None:
        for pusher in self.pushers:
            pusher.kill()
            pusher.wait()
        self.pushers = []

    def close(self) -> None:
        self.stop_pushes()
        self.pipelines.close()
        self.nginx.stop()
        self.server.close()


def listed_latencies(playlist: Path, seconds: float) -> list[float]:
    """For each segment newly listed while watching ``playlist``: now minus its first frame's arrival (its PDT).
    What the first read lists was there before we looked, and is not counted."""
    seen: set[str] | None = None
    found = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            text = playlist.read_text()
        except FileNotFoundError:
            time.sleep(0.05)
            continue
        now = time.time()
        pdt, listed = None, []
        for line in text.splitlines():
            if line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
                pdt = dt.datetime.fromisoformat(line.split(":", 1)[1].replace("Z", "+00:00")).timestamp()
            elif line and not line.startswith("#"):
                listed.append((line, pdt))
                pdt = None
        if seen is not None:
            found += [now - at for uri, at in listed if uri not in seen and at is not None]
        seen = (seen or set()) | {uri for uri, _ in listed}
        time.sleep(0.05)
    return found


def player_latency(url: str, seconds: float) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page()
        page.goto(url)
        player = "window.LectureHallPlayers[0]"
        page.wait_for_function(f"() => window.LectureHallPlayers && {player} && {player}.hls "
                               f"&& {player}.video.currentTime > 0", timeout=60_000)
        time.sleep(seconds)
        latency = page.evaluate(f"() => {player}.hls.latency")
        browser.close()
        return float(latency)


def concurrent(bench: Bench, clips_: tuple[Path, Path], most: int, seconds: float) -> int:
    """Tries 2, 4, 6, ... lectures at once; returns the most whose every playlist kept growing on time."""
    best, lectures_ = 0, []
    for target in range(2, most + 1, 2):
        while len(lectures_) < target:
            lecture_id, *keys = bench.lecture(f"Concurrent lecture {len(lectures_) + 1}")
            bench.start_pushes(tuple(keys), clips_)
            lectures_.append(lecture_id)
        deadline = time.time() + 90
        while time.time() < deadline and not all(
                (bench.folder(n) / RENDITIONS[2]).is_file() for n in lectures_):
            time.sleep(0.5)
        time.sleep(8)  # past the runs restarted when the interpreters joined
        last: dict[tuple, tuple[int, float]] = {}
        worst = 0.0
        started = time.time()
        while time.time() - started < seconds:
            now = time.time()
            for n in lectures_:
                for rendition in RENDITIONS:
                    path = bench.folder(n).joinpath(rendition)
                    try:
                        # When the playlist was written (its modification time), not when this loop saw it: the
                        # loop visits 3 playlists per lecture every 0.25 s, the file's own time is exact.
                        written = path.stat().st_mtime
                        text = path.read_text()
                        total = text.count("#EXTINF") + int(re.search(r"MEDIA-SEQUENCE:(\d+)", text).group(1))
                    except (FileNotFoundError, AttributeError):
                        continue
                    previous = last.get((n, rendition))
                    if previous is None:  # waits are measured within the window, not from before it
                        last[(n, rendition)] = (total, max(written, started))
                    elif total > previous[0]:
                        worst = max(worst, written - previous[1])
                        last[(n, rendition)] = (total, written)
            for key, (_total, at) in last.items():
                worst = max(worst, now - at)
            time.sleep(0.25)
        # A segment listed at most one segment late: at most two segments between two updates of a playlist
        # (and 0.1 s for the file system's clock and a segment's duration rounding).
        on_time = worst <= 2 * bench.settings.segment_seconds + 0.1
        print(f"{target} lectures at once for {seconds:.0f} s: longest wait between playlist updates {worst:.2f} s "
              f"({'on time' if on_time else 'late'})", flush=True)
        if not on_time:
            break
        best = target
    return best


def _load_worker(host: str, port: int, path: str, cookie: str, seconds: float, connections: int, out) -> None:
    headers = {"Cookie": cookie} if cookie else {}
    done = 0
    deadline = time.time() + seconds
    pool = [http.client.HTTPConnection(host, port, timeout=10) for _ in range(connections)]
    while time.time() < deadline:
        for connection in pool:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
    out.put(done)


def requests_per_second(port: int, path: str, cookie: str, seconds: float, processes: int = 4) -> float:
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_load_worker, args=("127.0.0.1", port, path, cookie, seconds, 4, queue))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    total = sum(queue.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def segment_rps(bench: Bench, segment: Path, seconds: float) -> tuple[float, float, float]:
    folder = bench.settings.live_root / "424242"
    (folder / "video/source").mkdir(parents=True, exist_ok=True)
    shutil.copy(segment, folder / "video/source/seg_0_00001.m4s")
    viewer = signing.new_viewer_cookie()
    with bench.app.app_context():
        prefix = signing.mint("live", "424242", viewer, links_secret())
    path = prefix + "video/source/seg_0_00001.m4s"
    cookie = f"{signing.COOKIE_NAME}={viewer}"
    port = free_port()
    settings = replace(bench.settings, nginx_prefix=bench.work / "prod-nginx", rtmp_listen=f"127.0.0.1:{free_port()}",
                       http_listen=f"127.0.0.1:{free_port()}")
    with bench.app.app_context():
        config = render_production(settings, link_secret=links_secret(), media_root=bench.work / "media",
                                   server_listen=f"127.0.0.1:{port}")
    plain = f"        location /plain/ {{\n            alias {bench.settings.live_root.resolve()}/;\n        }}\n"
    config = config.replace("        # /live/<expires>", plain + "        # /live/<expires>", 1)
    with NginxServer(settings, config=config):
        production = requests_per_second(port, path, cookie, seconds)
        unsigned = requests_per_second(port, "/plain/424242/video/source/seg_0_00001.m4s", "", seconds)
    app = requests_per_second(bench.port, path, cookie, seconds)
    return production, unsigned, app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--player-seconds", type=float, default=60)
    parser.add_argument("--live-seconds", type=float, default=600, help="how long the lecture is live before 'end'")
    parser.add_argument("--max-lectures", type=int, default=12)
    parser.add_argument("--concurrent-seconds", type=float, default=120)
    parser.add_argument("--load-seconds", type=float, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        clips_ = clips(work)
        bench = Bench(work)
        try:
            lecture_id, *keys = bench.lecture("Bench lecture")
            started = time.time()
            bench.start_pushes(tuple(keys), clips_)
            playlist = bench.folder(lecture_id) / RENDITIONS[0]
            watch = min(max(args.player_seconds, 30), args.live_seconds)
            measured: list[float] = []
            thread = threading.Thread(target=lambda: measured.extend(listed_latencies(playlist, watch + 20)))
            thread.start()
            latency = player_latency(f"{bench.url}/lectures/{lecture_id}", args.player_seconds)
            thread.join()
            print(f"ingest to listed: {len(measured)} segments; player latency after {args.player_seconds:.0f} s",
                  flush=True)
            segment = sorted((bench.folder(lecture_id) / "video/source").glob("seg_*.m4s"))[-2]
            saved = work / "segment.m4s"
            shutil.copy(segment, saved)
            time.sleep(max(0.0, args.live_seconds - (time.time() - started)))
            replay_after_end = bench.end(lecture_id)
            print(f"replay published {replay_after_end:.2f} s after the end of {time.time() - started:.0f} s live",
                  flush=True)
            bench.stop_pushes()
            production, unsigned, app_rps = segment_rps(bench, saved, args.load_seconds)
            lectures_at_once = concurrent(bench, clips_, args.max_lectures, args.concurrent_seconds)
        finally:
            bench.close()
    quantiles = statistics.quantiles(measured, n=20) if len(measured) >= 2 else [float("nan")] * 19
    print(f"ingest_to_listed_p50_s: {statistics.median(measured):.2f}")
    print(f"ingest_to_listed_p95_s: {quantiles[18]:.2f}")
    print(f"player_latency_s: {latency:.2f}")
    print(f"concurrent_lectures: {lectures_at_once}")
    print(f"replay_after_end_s: {replay_after_end:.2f}")
    print(f"segment_rps_production: {production:.0f}")
    print(f"segment_rps_nginx_plain: {unsigned:.0f}")
    print(f"segment_rps_ratio: {production / unsigned:.2f}")
    print(f"segment_rps_app: {app_rps:.0f}")


if __name__ == "__main__":
    main()
