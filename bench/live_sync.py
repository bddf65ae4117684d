"""How well an interpreter's audio rendition lines up with the lecture's video (packager.py's arrival-clock
alignment), measured end to end with real nginx, real RTMP pushes and the engine's own packager.

The lecturer's push shows a white flash at every whole second of its own timeline; the interpreter's push, started a
random 1-4 s later (so its RTMP timestamps are unrelated to the lecture's), beeps at the wall-clock moments of those
flashes. After the packager, a flash and its beep should carry the same media timestamp. Timestamps are read as
hls.js reads them: the fragments' decode times (tfdt), edit lists ignored. The pushers' own start-up (tens of ms) is
in the error. Run: .venv/bin/python bench/live_sync.py [trials]; the last lines are the figures."""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lecturehall.modules.live.nginx import NginxServer  # noqa: E402
from lecturehall.modules.live.playlists import read_run_playlist  # noqa: E402
from lecturehall.modules.live.settings import LiveSettings  # noqa: E402
from lecturehall.modules.live.supervisor import LiveSupervisor  # noqa: E402
from tests.live.conftest import AppStandIn, free_port  # noqa: E402

SECONDS = 16


def push(url: str, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(["ffmpeg", "-nostdin", "-loglevel", "error", "-re", *args, "-f", "flv", url],
                            stdin=subprocess.DEVNULL)


def joined(folder: Path, run: int, target: Path) -> Path:
    init, segments = read_run_playlist(folder / f"run_{run}.m3u8")
    with open(target, "wb") as out:
        for name in [init] + [uri for _, uri in segments]:
            out.write((folder / name).read_bytes())
    return target


def flashes(video: Path) -> list[float]:
    done = subprocess.run(["ffmpeg", "-nostdin", "-ignore_editlist", "1", "-copyts", "-i", str(video), "-vf",
                           "signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    times, previous = [], 0.0
    for pts, value in re.findall(r"pts_time:([0-9.]+)\s*\n?lavfi.signalstats.YAVG=([0-9.]+)", done.stdout):
        if float(value) > 128 and previous <= 128:
            times.append(float(pts))
        previous = float(value)
    return times


def beeps(audio: Path) -> list[float]:
    done = subprocess.run(["ffmpeg", "-nostdin", "-ignore_editlist", "1", "-copyts", "-i", str(audio), "-af",
                           "silencedetect=n=-30dB:d=0.1", "-f", "null", "-"], capture_output=True, text=True, check=True)
    return [float(t) for t in re.findall(r"silence_end: ([0-9.]+)", done.stderr)]


def _match(sounds: list[float], video: list[float]) -> list[float]:
    offsets = []
    for sound in sounds:
        nearest = min(video, key=lambda flash_time: abs(flash_time - sound), default=None)
        if nearest is not None and abs(nearest - sound) < 0.5:
            offsets.append(sound - nearest)
    return offsets


def trial(number: int, work: Path) -> list[float]:
    app = AppStandIn("")
    settings = LiveSettings(live_root=work / f"live{number}", nginx_prefix=work / f"nginx{number}",
                            callback_url=f"http://127.0.0.1:{app.port}/internal/live",
                            rtmp_listen=f"127.0.0.1:{free_port()}", http_listen=f"127.0.0.1:{free_port()}",
                            grace_seconds=2)
    app.settings = settings
    app.keys.update({"main": ("1", None), "fr": ("1", "fr")})
    nginx = NginxServer(settings)
    nginx.start()
    supervisor = LiveSupervisor(settings).start()
    app.supervisor = supervisor
    base = f"rtmp://127.0.0.1:{settings.rtmp_port}"
    try:
        started = time.time()
        flash = "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(mod(t,1),0.04)'"
        lecturer = push(f"{base}/live/main", [
            "-f", "lavfi", "-i", f"color=c=black:s=320x180:r=25:d={SECONDS},{flash}",
            "-f", "lavfi", "-i", f"aevalsrc='0.8*sin(2*PI*500*t)*lt(mod(t,1),0.05)':s=48000:d={SECONDS}",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest"])
        time.sleep(random.uniform(1.0, 4.0))
        joined_at = time.time()
        phase = (joined_at - started) % 1.0
        interpreter = push(f"{base}/interpret/fr", [
            "-f", "lavfi", "-i",
            f"aevalsrc='0.8*sin(2*PI*1000*t)*lt(mod(t+{phase:.4f},1),0.05)':s=48000:d={SECONDS - 5}",
            "-c:a", "aac", "-b:a", "96k"])
        interpreter.wait(timeout=60)
        lecturer.wait(timeout=60)
        directory = settings.lecture_dir("1")
        deadline = time.time() + 30
        while supervisor.lectures() and time.time() < deadline:
            time.sleep(0.2)
        info = json.loads((directory / "live.json").read_text())
        run = next(r["index"] for r in info["runs"] if r["languages"] == ["fr"])
        video = flashes(joined(directory / "video/source", run, work / f"v{number}.mp4"))
        audio = beeps(joined(directory / "audio/fr", run, work / f"a{number}.mp4"))
        floor = beeps(joined(directory / "audio/main", run, work / f"m{number}.mp4"))
        offsets, floor_offsets = _match(audio, video), _match(floor, video)
        print(f"trial {number}: interpreter joined {joined_at - started:.2f} s after the lecturer; "
              f"{len(video)} flashes; interpreter - video {[round(o, 3) for o in offsets]}; "
              f"lecturer's own sound - video {[round(o, 3) for o in floor_offsets]}", flush=True)
        return offsets, floor_offsets
    finally:
        supervisor.close()
        nginx.stop()
        app.close()


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as work:
        offsets, floor = [], []
        for number in range(trials):
            interpreter, own = trial(number, Path(work))
            offsets += interpreter
            floor += own
    for label, values in (("lecturer's own sound vs video", floor), ("interpreter vs video", offsets)):
        if values:
            print(f"{label} over {len(values)} beeps: median {statistics.median(values) * 1000:+.0f} ms, "
                  f"worst {max(values, key=abs) * 1000:+.0f} ms (target: within ±500 ms)")


if __name__ == "__main__":
    main()
