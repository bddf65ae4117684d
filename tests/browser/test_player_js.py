"""The lecture video player (static/js/player/, ES modules on hls.js) in Debian's Chromium, under the app's own CSP.

A tiny HLS lecture is made with ffmpeg at test time, shaped like the real pipeline's: two video rungs (320x180,
160x90), two audio languages (en, fr) as EXT-X-MEDIA TYPE=AUDIO, one WebVTT subtitle track, fMP4 segments of
2 s, a thumbnails track with a sprite, and a poster. The pages in player_fixture/ hold the player's div contract
and the two script tags; a small HTTP server on 127.0.0.1 serves them, the app's static files and the media, all
with the app's Content-Security-Policy header, plus a fake resume endpoint, and the media again under versioned
URLs (/v/<n>/…, refused but for the current version) with a source endpoint naming the current ones.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from lecturehall.core.security import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "lecturehall" / "static"
FIXTURE = Path(__file__).resolve().parent / "player_fixture"
DURATION = 6
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
H264_AAC = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"'
VP9_OPUS = 'video/mp4; codecs="vp09.00.10.08,opus"'
TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".m3u8": "application/vnd.apple.mpegurl", ".m4s": "video/iso.segment", ".mp4": "video/mp4",
    ".vtt": "text/vtt; charset=utf-8", ".jpg": "image/jpeg", ".json": "application/json",
}


# ------------------------------------------------------------------ the media


def _run(args: list[str], cwd: Path) -> None:
    result = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], cwd=cwd,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def build_hls(out: Path, codecs: str) -> None:
    """Writes master.m3u8 and its renditions, subtitles, thumbnails and a poster into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    if codecs == "h264-aac":
        video = ["-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-preset", "veryfast"]
        audio = ["-c:a", "aac", "-b:a", "64k"]
    else:  # only if this Chromium lacks H.264/AAC: VP9/Opus in fMP4, which hls.js plays the same way
        video = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1"]
        audio = ["-c:a", "libopus", "-b:a", "64k"]
    _run([
        "-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=25:duration={DURATION}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={DURATION}",
        "-f", "lavfi", "-i", f"sine=frequency=660:sample_rate=48000:duration={DURATION}",
        "-map", "0:v", "-map", "0:v", "-map", "1:a", "-map", "2:a",
        *video, "-pix_fmt", "yuv420p", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
        "-s:v:1", "160x90", "-b:v:0", "300k", "-b:v:1", "100k", *audio, "-ac", "2",
        "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
        "-hls_flags", "independent_segments", "-hls_fmp4_init_filename", "init.mp4",
        "-master_pl_name", "master.m3u8", "-hls_segment_filename", "%v/seg_%03d.m4s",
        "-var_stream_map",
        "v:0,agroup:aud,name:v180 v:1,agroup:aud,name:v90 "
        "a:0,agroup:aud,language:en,name:en,default:yes a:1,agroup:aud,language:fr,name:fr",
        "%v/index.m3u8",
    ], out)

    # ffmpeg names the audio renditions audio_N and knows nothing of subtitles: finish the master by hand.
    names = {"en": "English", "fr": "Français"}
    lines = []
    for line in (out / "master.m3u8").read_text().splitlines():
        if line.startswith("#EXT-X-MEDIA:TYPE=AUDIO"):
            lang = re.search(r'LANGUAGE="([^"]+)"', line).group(1)
            line = re.sub(r'NAME="[^"]*"', f'NAME="{names[lang]}"', line)
            line = line.replace("DEFAULT=", "AUTOSELECT=YES,DEFAULT=")
        elif line.startswith("#EXT-X-STREAM-INF"):
            line += ',SUBTITLES="subs"'
        elif line.startswith("#EXT-X-VERSION"):
            lines.append(line)
            line = ('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",'
                    'DEFAULT=NO,AUTOSELECT=YES,URI="subs/en.m3u8"')
        lines.append(line)
    (out / "master.m3u8").write_text("\n".join(lines) + "\n")

    subs = out / "subs"
    subs.mkdir()
    cues = "".join(f"00:00:0{n * 2}.000 --> 00:00:0{n * 2 + 2}.000\nSubtitle line {n + 1}\n\n" for n in range(3))
    (subs / "en.vtt").write_text("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS=0,LOCAL=00:00:00.000\n\n" + cues)
    (subs / "en.m3u8").write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        f"#EXTINF:{DURATION}.0,\nen.vtt\n#EXT-X-ENDLIST\n")

    thumbs = out / "thumbs"
    thumbs.mkdir()
    _run(["-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=25:duration={DURATION}",
          "-vf", "fps=1/2,scale=80:45,tile=3x1", "-frames:v", "1", "sprite.jpg"], thumbs)
    (thumbs / "thumbnails.vtt").write_text("WEBVTT\n\n" + "".join(
        f"00:00:0{n * 2}.000 --> 00:00:0{n * 2 + 2}.000\nsprite.jpg#xywh={n * 80},0,80,45\n\n" for n in range(3)))
    _run(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=1:duration=1", "-frames:v", "1", "poster.jpg"], out)


# ------------------------------------------------------------------ the server


@dataclass
class Site:
    url: str
    saves: list[dict] = field(default_factory=list)
    version: int = 1  # /v/<version>/ serves the media, any other version is refused (403)
    source_status: int = 200  # what /source answers
    versioned: list[str] = field(default_factory=list)  # the /v/ paths requested
    sources: int = 0  # requests to /source


def make_handler(media: Path, site: Site):
    roots = {"static": STATIC, "fixture": FIXTURE, "media": media}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _send(self, status: int, body: bytes = b"", content_type: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):  # noqa: N802
            parts = urlsplit(self.path)
            if parts.path == "/resume":
                position = float(parse_qs(parts.query).get("position", ["0"])[0])
                return self._send(200, json.dumps({"position": position}).encode(), "application/json")
            if parts.path == "/favicon.ico":
                return self._send(204)
            if parts.path == "/source":
                site.sources += 1
                prefix = f"/v/{site.version}/"
                source = {"src": prefix + "master.m3u8", "poster": prefix + "poster.jpg",
                          "thumbnails": prefix + "thumbs/thumbnails.vtt", "version": site.version}
                return self._send(site.source_status, json.dumps(source).encode(), "application/json")
            head, _, rest = unquote(parts.path).lstrip("/").partition("/")
            if head == "v":
                site.versioned.append(parts.path)
                version, _, rest = rest.partition("/")
                if version != str(site.version):
                    return self._send(403, b"refused", "text/plain")
                head = "media"
            base = roots.get(head)
            target = (base / rest).resolve() if base else None
            if not target or not target.is_file() or base.resolve() not in target.parents:
                return self._send(404, b"not found", "text/plain")
            return self._send(200, target.read_bytes(), TYPES.get(target.suffix, "application/octet-stream"))

        do_HEAD = do_GET

        def _save(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            site.saves.append({"method": self.command, "csrf": self.headers.get("X-CSRFToken"),
                               "type": self.headers.get("Content-Type"), "body": json.loads(body or b"null")})
            self._send(204)

        do_PUT = do_POST = _save

    return Handler


@pytest.fixture(scope="session")
def player_codecs(chromium) -> dict:
    """What this Chromium's Media Source Extensions accept; the real pipeline emits H.264/AAC."""
    page = chromium.new_page()
    try:
        support = page.evaluate(
            "types => Object.fromEntries(types.map(t => [t, MediaSource.isTypeSupported(t)]))", [H264_AAC, VP9_OPUS])
        support["native_hls"] = page.evaluate(
            "document.createElement('video').canPlayType('application/vnd.apple.mpegurl')")
    finally:
        page.close()
    support["fixture"] = "h264-aac" if support[H264_AAC] else "vp9-opus"
    assert support[H264_AAC] or support[VP9_OPUS], f"this Chromium plays neither H.264/AAC nor VP9/Opus: {support}"
    return support


@pytest.fixture(scope="session")
def player_media(tmp_path_factory, player_codecs) -> Path:
    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is missing: run scripts/setup.sh --tests")
    out = tmp_path_factory.mktemp("player-media")
    build_hls(out, player_codecs["fixture"])
    return out


@pytest.fixture
def player_site(player_media):
    site = Site(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(player_media, site))
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Problems:
    """What a player page logged, checked at chosen points of a test; the ``new_context`` fixture (tests/conftest.py)
    checks console errors and CSP violations once more at the end of every test."""

    console: list[str] = field(default_factory=list)

    def csp(self, page) -> list:
        return page.evaluate("window.__cspViolations || []")  # recorded by conftest.CSP_RECORDER


def open_player(new_context, site: Site, page_name: str, **context_options):
    context = new_context(**context_options)
    page = context.new_page()
    problems = Problems()
    page.on("console", lambda m: problems.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.console.append(f"pageerror: {e}"))
    # hls.js aborts in-flight segment loads when it switches rendition: that is not a failure.
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else problems.console.append(f"requestfailed: {r.url} {r.failure}"))
    page.goto(f"{site.url}/fixture/{page_name}")
    wait_for(page, "window.LectureHallPlayers && window.LectureHallPlayers.length === 1")
    page.evaluate("window.LectureHallPlayers[0].ready")
    if page.evaluate("window.LectureHallPlayers[0].mode") == "hls":
        wait_for(page, "window.LectureHallPlayers[0].hls.subtitleTracks.length === 1 "
                       "&& window.LectureHallPlayers[0].hls.audioTracks.length === 2")
    return context, page, problems


def wait_for(page, expression: str, timeout: float = 5_000) -> None:
    """Waits for a JS expression to be truthy. Passed as a function: Playwright would eval() a bare expression in
    the page, which the page's CSP (no 'unsafe-eval') rightly refuses."""
    page.wait_for_function(f"() => ({expression})", timeout=timeout)


def wait_until(condition, timeout: float = 5.0) -> None:
    """Polls a condition on the Python side (what the test server received) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the condition"
        time.sleep(0.02)


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def time_of(page) -> float:
    return page.evaluate("window.LectureHallPlayers[0].video.currentTime")


def assert_advances(page, by: float = 0.4) -> None:
    """Playback moves on; near the end of the short fixture it first goes back to the start."""
    page.evaluate("""() => {
        const v = window.LectureHallPlayers[0].video;
        if (v.ended || v.currentTime > v.duration - 1.5) { v.currentTime = 0; }
        if (v.paused) { v.play(); }
    }""")
    start = time_of(page)
    wait_for(page, f"window.LectureHallPlayers[0].video.currentTime > {start + by}", timeout=10_000)
    assert page.evaluate("!window.LectureHallPlayers[0].video.paused")


def assert_clean(page, problems: Problems) -> None:
    assert problems.console == []
    assert problems.csp(page) == []


def showing_tracks(page) -> list:
    return page.evaluate("""Array.from(window.LectureHallPlayers[0].video.textTracks)
        .filter(t => t.mode === 'showing').map(t => ({lang: t.language, cues: t.cues ? t.cues.length : 0}))""")


def option_texts(page, setting: str) -> list[str]:
    return page.locator(f".lh-setting--{setting} select option").all_inner_texts()


# ------------------------------------------------------------------ the tests


def test_codec_support_is_known(player_codecs, record_property):
    """Reports what this Chromium can play; the real pipeline's H.264/AAC must be among it."""
    for key, value in player_codecs.items():
        record_property(key, value)
    assert player_codecs[H264_AAC], (
        f"Debian's Chromium lacks H.264/AAC in MSE (the player tests ran on VP9/Opus instead): {player_codecs}")


def test_player_plays_switches_audio_subtitles_quality_and_speed(new_context, player_site, player_codecs):
    context, page, problems = open_player(new_context, player_site, "index.html", locale="en-GB")
    try:
        root = page.locator(".lh-player")
        player = "window.LectureHallPlayers[0]"
        assert page.evaluate(f"{player}.hls !== null && {player}.video.tagName === 'VIDEO'")
        assert page.evaluate(f"{player}.video.poster").endswith("/media/poster.jpg")
        assert page.evaluate(f"{player}.video.controls") is False

        # The controls, built from real, labelled elements.
        assert option_texts(page, "quality") == ["Auto", "180p", "90p", "Audio only"]
        assert option_texts(page, "audio") == ["English", "French"]
        assert option_texts(page, "subtitles") == ["Off", "English"]
        assert option_texts(page, "speed") == ["0.75×", "1×", "1.25×", "1.5×", "1.75×", "2×"]
        assert page.get_by_label("Quality", exact=False).count() == 1
        assert page.get_by_role("link", name="Download MP4").get_attribute("href") == "/media/lecture.mp4"
        assert showing_tracks(page) == []  # data-default-subtitle="": subtitles start off
        assert_accessible(page)

        # Play, muted.
        page.get_by_role("button", name="Mute").click()
        assert page.evaluate(f"{player}.video.muted")
        page.get_by_role("button", name="Play").click()
        wait_for(page, f"{player}.video.currentTime > 0.5", timeout=15_000)
        assert page.get_by_role("button", name="Pause").is_visible()

        # Audio in French: hls.audioTrack changes and playback goes on.
        fr = page.evaluate(f"{player}.hls.audioTracks.findIndex(t => t.lang === 'fr')")
        assert page.evaluate(f"{player}.hls.audioTrack") != fr
        page.get_by_label("Audio").select_option(label="French")
        wait_for(page, f"{player}.hls.audioTrack === {fr}")
        assert_advances(page)
        assert page.evaluate(f"{player}.setAudio('en')") is True
        wait_for(page, f"{player}.hls.audioTrack !== {fr}")
        assert page.evaluate(f"{player}.setAudio('fr')") is True
        wait_for(page, f"{player}.hls.audioTrack === {fr}")

        # Subtitles on: a text track shows, with its cues loaded.
        page.get_by_label("Subtitles").select_option(label="English")
        wait_for(page, f"""Array.from({player}.video.textTracks)
            .some(t => t.mode === 'showing' && t.language === 'en' && t.cues && t.cues.length > 0)""", timeout=10_000)
        cue_starts = page.evaluate(f"""Array.from(Array.from({player}.video.textTracks)
            .find(t => t.mode === 'showing').cues).map(c => Math.round(c.startTime))""")
        assert cue_starts == [0, 2, 4]
        assert_advances(page)

        # Speed.
        page.get_by_label("Speed").select_option("1.5")
        assert page.evaluate(f"{player}.video.playbackRate") == 1.5
        assert_advances(page)

        # Keyboard, with the player focused: > < speed, k pause/play, c subtitles, arrows and j/l seek, m mute.
        root.focus()
        page.keyboard.press(">")
        assert page.evaluate(f"{player}.video.playbackRate") == 1.75
        page.keyboard.press("<")
        page.keyboard.press("<")
        assert page.evaluate(f"{player}.video.playbackRate") == 1.25
        page.keyboard.press("k")
        wait_for(page, f"{player}.video.paused")
        page.keyboard.press("c")
        assert showing_tracks(page) == []
        assert page.get_by_label("Subtitles").input_value() == ""
        page.keyboard.press("c")
        wait_for(page, f"Array.from({player}.video.textTracks).some(t => t.mode === 'showing')")
        page.evaluate(f"{player}.video.currentTime = 0")
        page.keyboard.press("ArrowRight")
        wait_for(page, f"Math.abs({player}.video.currentTime - 5) < 0.1")
        page.keyboard.press("j")
        wait_for(page, f"{player}.video.currentTime === 0")
        page.keyboard.press("l")
        wait_for(page, f"{player}.video.currentTime > 5")  # clamped to the 6 s duration
        page.keyboard.press("m")
        assert page.evaluate(f"{player}.video.muted") is False
        page.keyboard.press("m")
        assert page.evaluate(f"{player}.video.muted") is True
        page.evaluate(f"{player}.video.currentTime = 0")
        page.keyboard.press(" ")
        assert_advances(page)

        # Quality: a fixed rung, audio only (lowest rung, picture hidden), back to automatic.
        assert page.evaluate(f"{player}.setQuality(1)") is True
        assert page.evaluate(f"{player}.hls.autoLevelEnabled") is False
        assert page.get_by_label("Quality").input_value() == "1"
        page.get_by_label("Quality").select_option(label="Audio only")
        assert "lh-player--audio-only" in root.get_attribute("class")
        assert page.locator(".lh-player video").is_hidden()
        lowest = page.evaluate(
            f"{player}.hls.levels.reduce((lo, level, i, all) => level.bitrate < all[lo].bitrate ? i : lo, 0)")
        assert page.evaluate(f"{player}.hls.manualLevel") == lowest
        assert_advances(page)
        page.get_by_label("Quality").select_option("-1")
        assert page.evaluate(f"{player}.hls.autoLevelEnabled") is True
        assert re.fullmatch(r"(180|90)p", page.locator(".lh-setting__now").inner_text().strip())
        assert page.locator(".lh-player video").is_visible()

        # Seek-bar thumbnails: hovering shows the sprite region for that time.
        seek = page.get_by_role("slider", name="Seek")
        box = seek.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
        wait_for(page, "document.querySelector('.lh-thumb__image').style.backgroundImage.includes('sprite.jpg')")
        thumb = page.evaluate("""(() => { const s = document.querySelector('.lh-thumb__image').style;
            return {image: s.backgroundImage, position: s.backgroundPosition, width: s.width}; })()""")
        assert f"{player_site.url}/media/thumbs/sprite.jpg" in thumb["image"]
        assert thumb["position"] == "-80px 0px" and thumb["width"] == "80px"
        assert page.locator(".lh-thumb").is_visible()
        page.mouse.move(0, 0)
        assert page.locator(".lh-thumb").is_hidden()

        # Pausing saves the position, with the CSRF header.
        page.get_by_role("button", name="Pause").click()
        # The pause has been handled once the position it saves is the one the video stopped at; then wait for that
        # save to reach the server.
        wait_for(page, f"{player}.video.paused "
                       f"&& {player}.reporting.lastSaved === Math.floor({player}.video.currentTime)")
        saved = page.evaluate(f"{player}.reporting.lastSaved")
        wait_until(lambda: any(s["body"] == {"position": saved} for s in player_site.saves))
        assert player_site.saves, "no position saved on pause"
        save = player_site.saves[-1]
        assert save["method"] == "PUT" and save["csrf"] == "test-csrf-token"
        assert save["type"] == "application/json" and isinstance(save["body"]["position"], int)

        assert_clean(page, problems)
    finally:
        context.close()


def test_player_falls_back_to_the_browsers_own_hls(new_context, player_site, player_codecs):
    """Without hls.js (as on Safari, where the browser plays HLS itself) the player hands the playlist to the video
    element. This Chromium has its own HLS playback too (audio and video; no audio-track or subtitle API for HLS)."""
    if not player_codecs["native_hls"]:
        pytest.skip("this Chromium has no HLS playback of its own")
    context, page, problems = open_player(new_context, player_site, "native.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        assert page.evaluate(f"{player}.mode") == "native" and page.evaluate(f"{player}.hls") is None
        assert page.evaluate(f"{player}.video.src").endswith("/media/master.m3u8")
        assert option_texts(page, "quality") == ["Auto", "Audio only"]
        wait_for(page, f"Math.abs({player}.video.currentTime - 2) < 0.3")  # data-start wins over the saved 4 s
        page.get_by_role("button", name="Mute").click()
        page.get_by_role("button", name="Play").click()
        wait_for(page, f"{player}.video.currentTime > 2.5", timeout=15_000)
        page.get_by_label("Speed").select_option("2")
        assert page.evaluate(f"{player}.video.playbackRate") == 2
        assert_advances(page)
        assert_clean(page, problems)
    finally:
        context.close()


def test_player_resumes_in_rtl_french_with_default_tracks(new_context, player_site):
    """data-resume-url, data-default-subtitle, data-default-audio and data-labels, on a right-to-left page."""
    context, page, problems = open_player(new_context, player_site, "resume-rtl.html", locale="fr-FR",
                                          viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        player = "window.LectureHallPlayers[0]"
        wait_for(page, f"Math.abs({player}.video.currentTime - 3) < 0.3")
        assert page.locator(".lh-status").inner_text().startswith("Reprise à 0:03")
        assert page.get_by_role("button", name="Reprendre au début").is_visible()

        fr = page.evaluate(f"{player}.hls.audioTracks.findIndex(t => t.lang === 'fr')")
        wait_for(page, f"{player}.hls.audioTrack === {fr}")
        wait_for(page, f"Array.from({player}.video.textTracks).some(t => t.mode === 'showing' && t.language === 'en')")
        assert page.get_by_label("Sous-titres").input_value() == "0"
        assert option_texts(page, "audio") == ["Anglais", "Français"]
        assert option_texts(page, "quality")[0] == "Automatique"
        assert page.get_by_role("region", name="Lecteur vidéo").count() == 1

        assert_accessible(page)
        # Everything fits a phone's width: nothing sticks out of the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_role("button", name="Couper le son").click()
        page.get_by_role("button", name="Lecture").click()
        wait_for(page, f"{player}.video.currentTime > 3.3", timeout=15_000)
        assert_clean(page, problems)
    finally:
        context.close()


def test_player_events_and_stream_mode(new_context, player_site):
    """The seams reporting and live mode build on: the player's events (each with the position), data-mode read
    into streamMode (replay unless "live"), and destroy, which stops the position saves."""
    context, page, problems = open_player(new_context, player_site, "index.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        assert page.evaluate(f"[{player}.streamMode, {player}.isLive]") == ["replay", False]
        page.evaluate(f"""() => {{
            window.__events = [];
            for (const name of ['play', 'pause', 'seeked', 'pagehide', 'destroy']) {{
                {player}.on(name, detail => window.__events.push([name, typeof detail.position]));
            }}
        }}""")
        page.evaluate(f"() => {{ {player}.video.muted = true; return {player}.play(); }}")
        wait_for(page, f"{player}.video.currentTime > 0.3", timeout=15_000)
        page.evaluate(f"{player}.pause()")
        page.evaluate(f"{player}.video.currentTime = 1")
        wait_for(page, "window.__events.some(e => e[0] === 'seeked')")
        assert page.evaluate("window.__events.slice(0, 3)") == [
            ["play", "number"], ["pause", "number"], ["seeked", "number"]]

        # Leaving the page sends the position even when it was just sent.
        sent = len(player_site.saves)
        page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
        wait_until(lambda: len(player_site.saves) > sent)
        assert player_site.saves[-1]["body"] == {"position": 1}

        page.evaluate(f"{player}.destroy()")
        assert page.evaluate("window.__events.slice(-2)") == [["pagehide", "number"], ["destroy", "number"]]
        assert page.evaluate("window.LectureHallPlayers.length") == 0
        assert page.evaluate("document.querySelector('.lh-player').lectureHallPlayer.reporting.saveTimer") is None

        # data-mode: "live" is kept, anything else is a replay; events bubble to the document.
        modes = page.evaluate("""() => {
            const errors = [];
            document.addEventListener('lh-player:error', e => errors.push(e.detail.message));
            const made = ['live', 'vod', ''].map(mode => {
                const div = document.createElement('div');
                div.className = 'lh-player';
                div.dataset.mode = mode;  // no data-src: the player says it cannot play
                div.appendChild(document.createElement('video'));
                document.querySelector('main').appendChild(div);
                return window.LectureHallPlayer.enhance(div);
            });
            return {modes: made.map(p => p.streamMode), errors: errors};
        }""")
        assert modes == {"modes": ["live", "replay", "replay"], "errors": ["This video could not be played."] * 3}
        assert_clean(page, problems)
    finally:
        context.close()


# ------------------------------------------------------------------ renewed URLs (source.js)


def rung(page, height: int) -> int:
    return page.evaluate(f"window.LectureHallPlayers[0].hls.levels.findIndex(level => level.height === {height})")


def not_refusals(problems: Problems) -> list[str]:
    return [line for line in problems.console if "status of 403" not in line]


@pytest.mark.expected_browser_errors(r"status of 403")
def test_player_goes_on_from_renewed_urls_with_the_viewers_choices(new_context, player_site):
    """A refused file (the replay's URLs changed: a new version, or expired) makes the player ask data-source-url for
    the current ones and go on from them where it was: still playing, at the same speed, in the same audio language,
    with the same subtitles and rung; the thumbnails follow the new URL."""
    context, page, problems = open_player(new_context, player_site, "refresh.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        page.evaluate(f"{player}.setAudio('fr')")
        wait_for(page, f"{player}.hls.audioTracks[{player}.hls.audioTrack].lang === 'fr'")
        page.evaluate(f"{player}.setSubtitle('en')")
        page.evaluate(f"{player}.setSpeed(1.25)")
        page.evaluate(f"{player}.thumbnails.load()")
        page.evaluate(f"() => {{ {player}.video.muted = true; return {player}.play(); }}")
        wait_for(page, f"{player}.video.currentTime > 0.5", timeout=15_000)
        assert page.evaluate(f"{player}.source.refreshes") == 0

        player_site.version = 2
        page.evaluate(f"{player}.setQuality({rung(page, 90)})")  # the rung's files now answer 403
        wait_for(page, f"{player}.source.refreshes === 1 && {player}.source.version === 2", timeout=10_000)
        wait_for(page, f"!{player}.video.paused && {player}.hls.audioTracks.length === 2", timeout=10_000)
        assert_advances(page)
        assert page.evaluate(f"{player}.src") == "/v/2/master.m3u8"
        assert page.evaluate(f"{player}.hls.audioTracks[{player}.hls.audioTrack].lang") == "fr"
        wait_for(page, f"""Array.from({player}.video.textTracks)
            .some(t => t.mode === 'showing' && t.language === 'en' && t.cues && t.cues.length > 0)""", timeout=10_000)
        assert page.get_by_label("Subtitles").input_value() == "0"
        assert page.evaluate(f"{player}.hls.autoLevelEnabled") is False
        assert page.evaluate(f"{player}.hls.levels[{player}.hls.manualLevel].height") == 90
        assert page.get_by_label("Quality").input_value() == str(rung(page, 90))
        assert page.evaluate(f"{player}.video.playbackRate") == 1.25
        assert page.evaluate(f"{player}.video.poster").endswith("/v/2/poster.jpg")
        wait_for(page, f"{player}.thumbnails.cues && {player}.thumbnails.cues.length === 3")
        assert page.evaluate(f"{player}.thumbnails.cues[0].url").endswith("/v/2/thumbs/sprite.jpg")
        assert any(path.startswith("/v/2/") and path.endswith(".m4s") for path in player_site.versioned)
        assert page.locator(".lh-player--failed").count() == 0
        assert not_refusals(problems) == [] and problems.csp(page) == []
    finally:
        context.close()


@pytest.mark.expected_browser_errors(r"status of 403")
def test_player_paused_stays_paused_and_asks_for_new_urls_once_in_a_while(new_context, player_site):
    """Paused, the player stays paused at the same place on the new URLs. Refused again within 30 s, it does not
    ask again (no loop): hls.js goes on retrying and fails in the end, as it always did."""
    context, page, problems = open_player(new_context, player_site, "refresh.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        page.evaluate(f"() => {{ {player}.video.muted = true; {player}.video.currentTime = 2.5; }}")
        wait_for(page, f"Math.abs({player}.video.currentTime - 2.5) < 0.1 && !{player}.video.seeking")
        page.evaluate(f"() => {{ window.__plays = 0; {player}.on('play', () => window.__plays++); }}")
        player_site.version = 2
        page.evaluate(f"{player}.setQuality({rung(page, 90)})")
        wait_for(page, f"{player}.source.refreshes === 1", timeout=10_000)
        wait_for(page, f"{player}.video.readyState >= 2", timeout=10_000)
        assert page.evaluate(f"{player}.video.paused") is True
        assert abs(page.evaluate(f"{player}.video.currentTime") - 2.5) < 0.3
        assert page.evaluate("window.__plays") == 0
        assert_advances(page)

        assert player_site.sources == 1
        player_site.version = 3
        refused = len(player_site.versioned)
        page.evaluate(f"{player}.setQuality({rung(page, 180)})")
        # hls.js's own retries (1 s, then 2 s apart) of the refused files, without another request for new URLs.
        wait_until(lambda: len([path for path in player_site.versioned[refused:] if path.endswith(".m4s")]) >= 3,
                   timeout=15)
        assert player_site.sources == 1 and page.evaluate(f"{player}.source.refreshes") == 1
        assert not any(path.startswith("/v/3/") for path in player_site.versioned)
        assert not_refusals(problems) == []
    finally:
        context.close()


@pytest.mark.expected_browser_errors(r"status of 403", r"status of 404")
def test_player_fails_as_before_when_no_new_urls_come(new_context, player_site):
    """The source is gone (the replay deleted, or no longer for this viewer): the player fails as it always did."""
    context, page, problems = open_player(new_context, player_site, "refresh.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        page.evaluate(f"() => {{ window.__errors = []; {player}.on('error', d => window.__errors.push(d.message)); }}")
        player_site.version, player_site.source_status = 2, 404
        page.evaluate(f"{player}.setQuality({rung(page, 90)})")
        wait_for(page, f"{player}.root.classList.contains('lh-player--failed')", timeout=10_000)
        assert page.evaluate("window.__errors") == ["This video could not be played."]
        assert page.evaluate(f"{player}.hls") is None and page.evaluate(f"{player}.source.refreshes") == 0
        assert [line for line in not_refusals(problems) if "status of 404" not in line] == []
    finally:
        context.close()


@pytest.mark.expected_browser_errors(r"status of 403")
def test_the_browsers_own_hls_goes_on_from_renewed_urls_too(new_context, player_site, player_codecs):
    """With the browser's own HLS (Safari, iPhones; this Chromium has it too) a refused file is an error of the
    video element, with no HTTP status: the player asks data-source-url once, and goes on from the new URLs where it
    was (here a page left open past its URLs' life, then played)."""
    if not player_codecs["native_hls"]:
        pytest.skip("this Chromium has no HLS playback of its own")
    context, page, problems = open_player(new_context, player_site, "refresh-native.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        assert page.evaluate(f"{player}.mode") == "native"
        wait_for(page, f"{player}.video.readyState >= 1", timeout=10_000)
        player_site.version = 2  # every /v/1/ file is refused from now on
        page.evaluate(f"() => {{ {player}.video.muted = true; {player}.video.currentTime = 1; {player}.play(); }}")
        wait_for(page, f"{player}.source.refreshes === 1 && {player}.source.version === 2", timeout=15_000)
        wait_for(page, f"{player}.video.currentTime > 1.5 && !{player}.video.paused", timeout=15_000)
        assert page.evaluate(f"{player}.video.src").endswith("/v/2/master.m3u8")
        assert page.evaluate(f"{player}.video.poster").endswith("/v/2/poster.jpg")
        assert any(path.startswith("/v/2/") and path != "/v/2/master.m3u8" for path in player_site.versioned)
        assert page.locator(".lh-player--failed").count() == 0
        assert not_refusals(problems) == []
    finally:
        context.close()


@pytest.mark.expected_browser_errors(r"status of 403", r"status of 404")
def test_the_browsers_own_hls_fails_as_before_when_no_new_urls_come(new_context, player_site, player_codecs):
    if not player_codecs["native_hls"]:
        pytest.skip("this Chromium has no HLS playback of its own")
    context, page, problems = open_player(new_context, player_site, "refresh-native.html", locale="en-GB")
    try:
        player = "window.LectureHallPlayers[0]"
        wait_for(page, f"{player}.video.readyState >= 1", timeout=10_000)
        player_site.version, player_site.source_status = 2, 404
        page.evaluate(f"() => {{ {player}.video.muted = true; {player}.video.currentTime = 1; {player}.play(); }}")
        wait_for(page, f"{player}.root.classList.contains('lh-player--failed')", timeout=15_000)
        assert page.evaluate(f"{player}.statusText.textContent") == "This video could not be played."
        assert player_site.sources == 1 and page.evaluate(f"{player}.source.refreshes") == 0
    finally:
        context.close()
