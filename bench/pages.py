"""Page weight in Chromium: the bytes a visitor's browser transfers for the main pages, on a first visit (empty
cache) and on a repeat visit (the same browser profile coming back).

Starts the app on the embedded default (SQLite, local media, waitress) in a temporary instance with the demo data
of ``lecturehall demo``, and gives one of the demo's past lectures a replay made the way an organiser's would be:
a 10 s 640x360 lavfi clip uploaded through the media module's upload operations and transcoded by its job. Then
opens, in Chromium (/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking), the
home page, the catalogue, that lecture's page (waiting until its player has loaded the replay's levels) and the
login page, each in a fresh browser context and then once more in a new tab of that context. Bytes transferred are
Chromium's own count from the DevTools protocol (Network.loadingFinished's encodedDataLength: headers and encoded
body of every response that came over the network; 0 for what the cache served).

The player buffers the start of the replay as soon as its playlists are read (before anyone presses play); those
video segments are counted apart (``*_video_kb``), not in a page's figure, which is the page, its static files and
the player's other requests (playlists, poster, thumbnails).

For comparison, the lecture page's first visit is measured again with ``Accept-Encoding: identity`` (what it
weighed before the static files were compressed).

Usage: .venv/bin/python bench/pages.py [--keep DIR]
The last lines are ``name: value`` pairs (kilobytes are 1000 bytes)."""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from waitress.server import create_server  # noqa: E402

from lecturehall.app import create_app  # noqa: E402
from lecturehall.core import migrations, scheduler  # noqa: E402
from lecturehall.core.db import db  # noqa: E402
from lecturehall.modules.accounts.models import Role, User  # noqa: E402
from lecturehall.modules.demo.operations import create_demo_data  # noqa: E402
from lecturehall.modules.lectures.models import Lecture, LectureStatus, ReplayVisibility  # noqa: E402
from lecturehall.modules.media import uploads  # noqa: E402
from lecturehall.modules.media.models import TranscodeJob  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PLAYER_READY = ("() => window.LectureHallPlayers && window.LectureHallPlayers[0] && "
                "window.LectureHallPlayers[0].hls && window.LectureHallPlayers[0].hls.levels.length > 0")
TARGETS = {"lecture_first_kb": 250, "lecture_repeat_kb": 30}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_clip(path: Path) -> Path:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=640x360:rate=25:duration=10", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=10", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", str(path)], check=True)
    return path


def prepare(app, folder: Path) -> int:
    """Demo data, and a replay for one past lecture of the demo whose replay is public; returns its id."""
    with app.app_context():
        migrations.upgrade()
        create_demo_data(only_if_empty=True)
        db.session.commit()
        lecture = db.session.execute(sa.select(Lecture).where(
            Lecture.status == LectureStatus.ended, Lecture.replay_visibility == ReplayVisibility.public)
            .order_by(Lecture.starts_at.desc()).limit(1)).scalar_one()
        admin = db.session.execute(sa.select(User).where(User.role == Role.admin).limit(1)).scalar_one()
        clip = make_clip(folder / "lecture.mp4")
        upload = uploads.start_upload(lecture, admin, filename=clip.name, size=clip.stat().st_size,
                                      purpose="recording", language=None)
        uploads.receive_file(upload, clip)
        uploads.finish_upload(upload)
        db.session.commit()
        lecture_id = lecture.id
        job_id = db.session.execute(sa.select(TranscodeJob.id).where(TranscodeJob.lecture_id == lecture_id)
                                    .order_by(TranscodeJob.id.desc()).limit(1)).scalar_one()
    scheduler._runner_app = app
    scheduler.run_job("media.transcode", job_id)
    return lecture_id


@dataclass
class Visit:
    total: int = 0  # everything but the video segments the player buffers (counted in by_kind["video"])
    by_kind: dict[str, int] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)  # URLs that came over the network
    cached: int = 0  # responses the cache served

    def kb(self, kind: str | None = None) -> float:
        return (self.total if kind is None else self.by_kind.get(kind, 0)) / 1000


def kind_of(url: str, document: str) -> str:
    """page (the HTML), static (/static/), video (the replay's media segments), player (what else the player asks
    for: playlists, poster, thumbnails, the resume position), other."""
    path = "/" + url.split("/", 3)[-1] if url.count("/") >= 3 else url
    if url == document:
        return "page"
    if path.startswith("/static/"):
        return "static"
    if "/replay" in path:
        return "video" if path.split("?")[0].endswith((".m4s", ".mp4", ".m4a")) else "player"
    return "other"


def measure(context, url: str, ready: str | None = None, headers: dict | None = None) -> Visit:
    """Opens ``url`` in a new tab of ``context`` and counts what came over the network until it is idle."""
    page = context.new_page()
    if headers:
        page.set_extra_http_headers(headers)
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    from_cache: set[str] = set()
    finished: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on("Network.requestServedFromCache", lambda event: from_cache.add(event["requestId"]))
    cdp.on("Network.responseReceived", lambda event: (
        event["response"].get("fromDiskCache") or event["response"].get("fromMemoryCache"))
        and from_cache.add(event["requestId"]))
    cdp.on("Network.loadingFinished",
           lambda event: finished.__setitem__(event["requestId"], int(event["encodedDataLength"])))
    cdp.send("Network.enable")
    page.goto(url, wait_until="load")
    if ready:
        page.wait_for_function(ready)
    page.wait_for_load_state("networkidle")
    visit = Visit()
    for request_id, size in finished.items():
        address = urls.get(request_id, "")
        if request_id in from_cache or address.startswith("data:"):
            visit.cached += 1
            continue
        kind = kind_of(address, url)
        visit.by_kind[kind] = visit.by_kind.get(kind, 0) + size
        if kind != "video":
            visit.total += size
        visit.fetched.append(address)
    cdp.detach()
    page.close()
    return visit


def run(base: str, lecture_id: int) -> dict[str, float]:
    pages = {"home": (f"{base}/", None), "catalogue": (f"{base}/lectures?section=past", None),
             "lecture": (f"{base}/lectures/{lecture_id}", PLAYER_READY), "login": (f"{base}/login", None)}
    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, (url, ready) in pages.items():
            context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
            first = measure(context, url, ready)
            repeat = measure(context, url, ready)
            context.close()
            print(f"{name}: first {first.kb():.1f} kB in {len(first.fetched)} responses "
                  f"({', '.join(f'{kind} {size / 1000:.1f}' for kind, size in sorted(first.by_kind.items()))}); "
                  f"repeat {repeat.kb():.1f} kB in {len(repeat.fetched)} responses "
                  f"({', '.join(f'{kind} {size / 1000:.1f}' for kind, size in sorted(repeat.by_kind.items()))}), "
                  f"{repeat.cached} from the cache")
            static_again = [address for address in repeat.fetched if kind_of(address, url) == "static"]
            if "--verbose" in sys.argv:
                for address in first.fetched:
                    print("    first:", address[len(base):][:140])
            if static_again:
                print(f"  static files fetched again on the repeat visit: {static_again}")
            figures[f"{name}_first_kb"] = first.kb()
            figures[f"{name}_repeat_kb"] = repeat.kb()
            figures[f"{name}_first_static_kb"] = first.kb("static")
            if "video" in first.by_kind:
                figures[f"{name}_first_video_kb"] = first.kb("video")
                figures[f"{name}_repeat_video_kb"] = repeat.kb("video")
        context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
        plain = measure(context, pages["lecture"][0], PLAYER_READY, headers={"Accept-Encoding": "identity"})
        context.close()
        figures["lecture_first_uncompressed_kb"] = plain.kb()
        browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the instance, media and clip in this folder")
    parser.add_argument("--verbose", action="store_true", help="list the URLs of each first visit")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lecturehall-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app({"INSTANCE_DIR": str(folder / "instance"), "MEDIA_DIR": str(folder / "media"),
                      "BASE_URL": base, "EMBEDDED_SCHEDULER": False})
    try:
        print("Preparing demo data and a transcoded replay ...", flush=True)
        lecture_id = prepare(app, folder)
        server = create_server(app, host="127.0.0.1", port=port, threads=8)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            figures = run(base, lecture_id)
        finally:
            server.close()
            thread.join(timeout=5)
    finally:
        app.extensions["lecturehall.scheduler"].shutdown()
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    figures["lecture_uncompressed_to_compressed"] = (
        figures["lecture_first_uncompressed_kb"] / figures["lecture_first_kb"])
    print()
    for name, value in figures.items():
        print(f"{name}: {value:.1f}" if not name.endswith("_compressed") else f"{name}: {value:.2f}")
    for name, target in TARGETS.items():
        print(f"{name.removesuffix('_kb')}_target_kb: {target}  ({'met' if figures[name] <= target else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
