"""Many live lectures at once on this machine: N lecturers (720p H.264 at ~1.5 Mbit/s, 2-s keyframes, with sound)
and N interpreters push in real time (pre-encoded, copied by the pushers so that they cost little), the supervisor
packages each lecture with its audio-only rendition and one language, recording on. Every second the benchmark
checks every rendition's live playlist: the time since it last grew, and how far its newest segment is behind the
wall clock. Run: .venv/bin/python bench/live_load.py [lectures] [seconds]; the last lines are the figures."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lecturehall.modules.live.nginx import NginxServer  # noqa: E402
from lecturehall.modules.live.settings import LiveSettings  # noqa: E402
from lecturehall.modules.live.supervisor import LiveSupervisor  # noqa: E402
from tests.live.conftest import AppStandIn, free_port  # noqa: E402

RENDITIONS = ("video/source", "audio/main", "audio/fr")


def clips(work: Path) -> tuple[Path, Path]:
    lecture, voice = work / "lecture.flv", work / "voice.flv"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=20",
                    "-f", "lavfi", "-i", "sine=f=440:r=48000:d=20", "-c:v", "libx264", "-preset", "veryfast",
                    "-g", "50", "-b:v", "1500k", "-maxrate", "1500k", "-bufsize", "3000k", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "128k", str(lecture)], check=True)
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=f=660:r=48000:d=20",
                    "-c:a", "aac", "-b:a", "96k", str(voice)], check=True)
    return lecture, voice


def push(clip: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", str(clip),
                             "-c", "copy", "-f", "flv", url], stdin=subprocess.DEVNULL)


def newest(playlist: Path) -> tuple[int, float | None]:
    """(segments listed + media sequence, newest segment's end as wall clock) from a live playlist."""
    try:
        text = playlist.read_text()
    except FileNotFoundError:
        return 0, None
    sequence = int(re.search(r"MEDIA-SEQUENCE:(\d+)", text).group(1))
    dates = re.findall(r"PROGRAM-DATE-TIME:(\S+)\n#EXTINF:([0-9.]+)", text)
    if not dates:
        return sequence, None
    stamp, duration = dates[-1]
    moment = time.mktime(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone + float(stamp[19:-1] or 0)
    return sequence + len(dates), moment + float(duration)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def main() -> None:
    lectures = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        lecture_clip, voice_clip = clips(work)
        app = AppStandIn("")
        settings = LiveSettings(live_root=work / "live", nginx_prefix=work / "nginx",
                                callback_url=f"http://127.0.0.1:{app.port}/internal/live",
                                rtmp_listen=f"127.0.0.1:{free_port()}", http_listen=f"127.0.0.1:{free_port()}",
                                grace_seconds=5)
        app.settings = settings
        nginx = NginxServer(settings)
        nginx.start()
        supervisor = LiveSupervisor(settings).start()
        app.supervisor = supervisor
        base = f"rtmp://127.0.0.1:{settings.rtmp_port}"
        pushers = []
        try:
            for n in range(lectures):
                app.keys.update({f"l{n}": (str(n), None), f"i{n}": (str(n), "fr")})
                pushers += [push(lecture_clip, f"{base}/live/l{n}"), push(voice_clip, f"{base}/interpret/i{n}")]
            deadline = time.time() + 60
            while time.time() < deadline and not all(
                    newest(settings.lecture_dir(str(n)) / "audio/fr/index.m3u8")[1] and
                    any(h.lecture == str(n) and h.run is not None and h.languages == ["fr"]
                        for h in supervisor.health()) for n in range(lectures)):
                time.sleep(0.5)
            print(f"{lectures} lectures live with their language after {60 - (deadline - time.time()):.1f} s",
                  flush=True)
            time.sleep(6)  # past the runs started for the interpreters
            pids = {h.lecture: h.pid for h in supervisor.health()}
            cpu_before = {lecture: cpu_seconds(pid) for lecture, pid in pids.items()}
            others = {"nginx": [nginx.pid] + children(nginx.pid), "pushers": [p.pid for p in pushers],
                      "supervisor (this process)": [os.getpid()]}
            others_before = {k: sum(map(cpu_seconds, v)) for k, v in others.items()}
            total_before = sum(map(float, Path("/proc/stat").read_text().split("\n")[0].split()[1:8])) / \
                os.sysconf("SC_CLK_TCK")
            idle_before = float(Path("/proc/stat").read_text().split()[4]) / os.sysconf("SC_CLK_TCK")
            last_growth = {}
            stalls, behind = [], []
            started = time.time()
            while time.time() - started < seconds:
                now = time.time()
                for n in range(lectures):
                    for rendition in RENDITIONS:
                        key = (n, rendition)
                        count, end = newest(settings.lecture_dir(str(n)) / rendition / "index.m3u8")
                        previous = last_growth.get(key)
                        if previous is None or count > previous[0]:
                            if previous is not None:
                                stalls.append(now - previous[1])
                            last_growth[key] = (count, now)
                        if end is not None:
                            behind.append(now - end)
                time.sleep(0.25)
            elapsed = time.time() - started
            restarts = sum(h.crashes for h in supervisor.health())
            packager_cpu = sum(cpu_seconds(pid) - cpu_before.get(lecture, 0) for lecture, pid in pids.items())
            total_after = sum(map(float, Path("/proc/stat").read_text().split("\n")[0].split()[1:8])) / \
                os.sysconf("SC_CLK_TCK")
            idle_after = float(Path("/proc/stat").read_text().split()[4]) / os.sysconf("SC_CLK_TCK")
            busy = 1 - (idle_after - idle_before) / max(total_after - total_before, 1e-9)
            worst_gap = max(stalls) if stalls else float("inf")
            print(f"over {elapsed:.0f} s: {len(stalls)} playlist updates in {lectures * len(RENDITIONS)} playlists; "
                  f"longest wait between updates {worst_gap:.2f} s (segments are 2 s); median wait "
                  f"{statistics.median(stalls):.2f} s")
            print(f"newest segment's end behind the wall clock: median {statistics.median(behind):.2f} s, "
                  f"worst {max(behind):.2f} s; packager crashes {restarts}")
            rest = {k: (sum(map(cpu_seconds, v)) - others_before[k]) / elapsed * 100 for k, v in others.items()}
            print(f"packagers' CPU: {packager_cpu / elapsed * 100 / lectures:.1f} % of one core per lecture, "
                  f"{packager_cpu / elapsed * 100:.0f} % in all; " +
                  ", ".join(f"{k} {v:.0f} %" for k, v in rest.items()) +
                  f"; the whole machine (other work included) was {busy * 100:.0f} % busy on {os.cpu_count()} cores")
        finally:
            for pusher in pushers:
                pusher.kill()
                pusher.wait()
            supervisor.close()
            nginx.stop()
            app.close()


if __name__ == "__main__":
    main()
