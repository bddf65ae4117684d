"""The packaging pipeline end to end with real pushes: the live playlist advancing, a reconnect within the grace
period continuing the session, an interpreter's language live and in the replay, two lectures at once, a killed
packager restarted, and the finished recording as a VOD replay whose segments all decode."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

from lecturehall.modules.live import recording
from lecturehall.modules.live.playlists import INDEX
from tests.live.conftest import wait_for
from tests.live.media import entries, media_sequence, playlist, probe_file, probe_segment

VIDEO = Path("video/source") / INDEX
MAIN = Path("audio/main") / INDEX


def health_of(supervisor, lecture):
    return next((h for h in supervisor.health() if h.lecture == str(lecture)), None)


def assert_replay_decodes(directory: Path, manifest) -> None:
    """Every segment of every rendition decodes, and the replay lasts what its playlists say."""
    master = playlist(directory / "master.m3u8")
    assert "#EXT-X-STREAM-INF" in master
    for rendition in [VIDEO.parent, MAIN.parent] + [Path("audio") / a.id for a in manifest.audio if a.id != "main"]:
        text = playlist(directory / rendition / INDEX)
        assert "#EXT-X-PLAYLIST-TYPE:VOD" in text and text.rstrip().endswith("#EXT-X-ENDLIST")
        for init, duration, segment in entries(directory / rendition / INDEX):
            probed = probe_segment(directory / rendition, init, segment)
            kinds = {stream["codec_type"] for stream in probed["streams"]}
            assert kinds == ({"video"} if rendition == VIDEO.parent else {"audio"}), (rendition, segment)
            assert probed["packets"] and abs(probed["seconds"] - duration) < 0.15, (rendition, segment)
    video_total = sum(duration for _, duration, _ in entries(directory / VIDEO))
    assert abs(manifest.duration - video_total) < 0.01


def test_live_playlist_advances_and_a_reconnect_continues_the_session(live):
    supervisor = live.supervise()
    live.app.keys["key-7"] = ("7", None)
    first = live.push.main("key-7", 9)
    directory = live.lecture_dir(7)
    wait_for(lambda: len(entries(directory / VIDEO)) >= 1, message="the first live segment")
    # The master playlist and the state are written on the supervisor's next look (every poll), which may come just
    # after the packager lists its first segment.
    wait_for(lambda: (directory / "master.m3u8").is_file(), message="the master playlist")
    wait_for(lambda: health_of(supervisor, 7).state == "live", message="the pipeline's state: live")
    listed = len(entries(directory / VIDEO))
    wait_for(lambda: len(entries(directory / VIDEO)) > listed, message="the live playlist advancing")
    text = playlist(directory / VIDEO)
    assert "#EXT-X-ENDLIST" not in text and "#EXT-X-PROGRAM-DATE-TIME:" in text
    assert "#EXT-X-PLAYLIST-TYPE" not in text

    first.wait(timeout=20)  # the publisher drops...
    wait_for(lambda: health_of(supervisor, 7).state == "waiting", message="the pipeline waiting for the publisher")
    live.push.main("key-7", 5)  # ...and comes back within the grace period
    wait_for(lambda: "#EXT-X-DISCONTINUITY\n" in playlist(directory / VIDEO), message="a discontinuity")
    wait_for(lambda: live.ended, timeout=30, message="the session to end after the grace period")

    assert len(live.ended) == 1
    lecture, ended_dir, manifest = live.ended[0]
    assert (lecture, ended_dir) == ("7", directory)
    info = json.loads((directory / "live.json").read_text())
    assert [run["reason"] for run in info["runs"]] == ["publish", "reconnect"]
    runs = {segment.split("_")[1] for _, _, segment in entries(directory / VIDEO)}
    assert runs == {"0", "1"}  # both parts are in the one recording
    assert playlist(directory / VIDEO).count("#EXT-X-DISCONTINUITY\n") == 1
    assert 8 <= manifest.duration <= 14.5
    assert_replay_decodes(directory, manifest)
    assert [d.name for d in live.settings.live_root.iterdir()] == ["7"]  # one session


def test_an_interpreter_becomes_an_audio_rendition_live_and_in_the_replay(live, tmp_path):
    supervisor = live.supervise()
    live.app.keys.update({"key-8": ("8", None), "key-8-fr": ("8", "fr")})
    main = live.push.main("key-8", 15)
    directory = live.lecture_dir(8)
    wait_for(lambda: entries(directory / VIDEO), message="the first live segment")
    live.push.interpreter("key-8-fr", 8)
    wait_for(lambda: health_of(supervisor, 8).interpreters == ["fr"], message="the interpreter in the health report")
    wait_for(lambda: 'LANGUAGE="fr"' in playlist(directory / "master.m3u8"), message="French in the master")
    master = playlist(directory / "master.m3u8")
    assert 'NAME="Original",DEFAULT=YES' in master and 'URI="audio/fr/index.m3u8"' in master
    wait_for(lambda: any(not seg.startswith("../") for _, _, seg in entries(directory / "audio/fr" / INDEX)),
             timeout=30, message="the interpreter's own segments")
    main.wait(timeout=30)
    supervisor.end_lecture(8)
    wait_for(lambda: live.ended, timeout=20, message="the replay")

    manifest = live.ended[0][2]
    assert [a.id for a in manifest.audio] == ["main", "fr"]
    assert_replay_decodes(directory, manifest)
    french = entries(directory / "audio/fr" / INDEX)
    own = [seg for _, _, seg in french if not seg.startswith("../")]
    floor = [seg for _, _, seg in french if seg.startswith("../main/")]
    assert own and floor  # the interpreter's sound, and the floor before it came
    # the language covers every run; within a run its sound may start up to a keyframe wait before the lecture's
    # (interpreters' inputs are opened first, packager.py) and end when its interpreter left
    runs = len(json.loads((directory / "live.json").read_text())["runs"])
    main_total = sum(d for _, d, _ in entries(directory / MAIN))
    assert abs(sum(d for _, d, _ in french) - main_total) < 2.5 * runs

    mp4 = recording.export_mp4(directory, tmp_path / "whole.mp4")
    probed = probe_file(mp4)
    assert [s["codec_type"] for s in probed["streams"]] == ["video", "audio", "audio"]
    assert probed["streams"][2]["tags"]["language"] == "fre"
    assert abs(float(probed["streams"][0]["duration"]) - manifest.duration) < 0.3  # the video, runs end to end


def test_two_lectures_at_once_and_a_killed_packager_is_restarted(live):
    supervisor = live.supervise()
    live.app.keys.update({"key-a": ("10", None), "key-b": ("11", None)})
    live.push.main("key-a", 16)
    live.push.main("key-b", 16, size="256x144", tone=550)
    for lecture in (10, 11):
        wait_for(lambda lecture=lecture: entries(live.lecture_dir(lecture) / VIDEO), message=f"lecture {lecture}")

    victim = health_of(supervisor, 10).pid
    cmdline = Path(f"/proc/{victim}/cmdline").read_bytes().split(b"\0")
    assert cmdline[0].endswith(b"ffmpeg") and any(arg.endswith(b"/live/lecture-10") for arg in cmdline)
    other = health_of(supervisor, 11).pid
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: not Path(f"/proc/{victim}").exists() or b"(Z)" in _stat(victim), message="the kill")
    replaced = wait_for(lambda: (health_of(supervisor, 10).pid or victim) != victim and health_of(supervisor, 10),
                        message="a new packager")
    assert Path(f"/proc/{replaced.pid}/cmdline").read_bytes().startswith(b"ffmpeg")
    assert replaced.crashes == 1 and "-9" in replaced.last_exit
    assert health_of(supervisor, 11).pid == other and health_of(supervisor, 11).crashes == 0
    wait_for(lambda: "#EXT-X-DISCONTINUITY\n" in playlist(live.lecture_dir(10) / VIDEO),
             message="the discontinuity after the restart")
    sequence = media_sequence(live.lecture_dir(11) / VIDEO)
    assert "#EXT-X-DISCONTINUITY\n" not in playlist(live.lecture_dir(11) / VIDEO)
    wait_for(lambda: len(entries(live.lecture_dir(10) / VIDEO)[-1][2].split("_")[1]) and
             entries(live.lecture_dir(10) / VIDEO)[-1][2].startswith("seg_1_"), message="the new run's segments")
    assert media_sequence(live.lecture_dir(11) / VIDEO) >= sequence


def _stat(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return b"(Z)"
