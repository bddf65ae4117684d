"""The supervisor: one packager pipeline per live lecture, kept alive from the first push to the end of the lecture.

It learns of pushes from the app (``publish_started`` / ``publish_ended``, called from nginx's callbacks) and checks
them against nginx's statistics, which are the truth: a push counts while nginx lists it (or for a few seconds after
the app announced it, before nginx does). One thread does all the work, every ``TICK`` seconds, for every lecture:

* starts a run of the packager when the lecture's push is there (aligning the inputs, packager.py), and a new run —
  a discontinuity — when an interpreter joins or leaves, when the publisher reconnects, when ffmpeg crashed (after a
  back-off) or when it stalled (writes nothing while the push goes on); it never leaves a pipeline dead while the
  publisher is pushing;
* composes the live playlists and the master (playlists.py);
* once the lecture's push has been gone for ``grace_seconds`` (or the app calls ``end_lecture``), stops the packager
  and finalises the recording into a replay (recording.py), then calls ``on_ended``.

Public methods only record what happened and are safe from any thread; children are started by the supervisor's own
thread (they die with it)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lecturehall.modules.live import probe, recording
from lecturehall.modules.live import session as sessions
from lecturehall.modules.live.callbacks import parse_stream_name, stream_name
from lecturehall.modules.live.packager import Input, PackagerProcess, measure_offsets, packager_command, video_codecs
from lecturehall.modules.live.playlists import Composer, manifest_for, write_live_master
from lecturehall.modules.live.session import VIDEO, Run
from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.stat import PublishedStream, read_stat

log = logging.getLogger(__name__)
TICK = 0.25
ANNOUNCED_SECONDS = 5.0  # a push the app allowed counts this long before nginx lists it
META_WAIT = 3.0  # how long a new push may lack codec metadata before we assume audio and video


@dataclass
class PipelineHealth:
    lecture: str
    state: str  # starting, live, restarting, waiting (publisher gone, within grace), ending
    directory: str
    pid: int | None
    run: int | None
    runs: int
    restarts: int
    crashes: int
    seconds_since_segment: float | None
    languages: list[str]
    interpreters: list[str]  # pushing now
    last_exit: str | None
    offsets: dict[str, float] = field(default_factory=dict)  # each push's -itsoffset in the current run


EndedCallback = Callable[[str, Path, object], None]


class _Pipeline:
    def __init__(self, lecture: str, directory: Path, info: sessions.SessionInfo, settings: LiveSettings):
        self.lecture, self.directory, self.info = lecture, directory, info
        self.composer = Composer(directory, settings.segment_seconds,
                                 settings.live_window_segments * settings.segment_seconds)
        self.announced: dict[str, dict[str, float]] = {}  # stream -> {client id: monotonic time}
        self.present: set[str] = set()  # streams pushing now (main and interpreters)
        self.process: PackagerProcess | None = None
        self.stopping: tuple[PackagerProcess, float] | None = None
        self.next_start, self.next_reason = 0.0, "publish"
        self.gone_since: float | None = None
        self.end_requested = False
        self.crashes_in_a_row = self.crashes = self.restarts = 0
        self.last_exit: str | None = None
        self.last_segment_at: float | None = None
        self.segment_count = 0
        self.master_for_run: int | None = None
        self.meta_wait_since: float | None = None
        self.offsets: dict[str, float] = {}

    @property
    def main(self) -> str:
        return stream_name(self.lecture)

    def run(self) -> Run | None:
        return self.process.run if self.process else None


class LiveSupervisor:
    def __init__(self, settings: LiveSettings, *, on_ended: EndedCallback | None = None):
        self.settings = settings
        self.on_ended = on_ended
        self._lock = threading.RLock()
        self._pipelines: dict[str, _Pipeline] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stat: dict[str, PublishedStream] = {}

    # --- what the app tells us (any thread) -------------------------------------------------------------------

    def publish_started(self, stream: str, client_id: str = "") -> None:
        """nginx was told to accept a push as ``stream`` (a name from callbacks.stream_name)."""
        parsed = parse_stream_name(stream)
        if parsed is None:
            raise ValueError(f"not a lecture stream: {stream!r}")
        lecture, _language = parsed
        with self._lock:
            pipeline = self._pipelines.get(lecture)
            if pipeline is None or pipeline.end_requested:
                pipeline = self._open(lecture)
            pipeline.announced.setdefault(stream, {})[client_id] = time.monotonic()
        self._wake.set()

    def publish_ended(self, stream: str | None = None, client_id: str | None = None) -> None:
        """A push ended (on_publish_done). Only a hint: nginx's statistics decide what is still pushing."""
        with self._lock:
            for pipeline in self._pipelines.values():
                for name, clients in pipeline.announced.items():
                    if client_id is not None and client_id in clients:
                        del clients[client_id]
                    elif client_id is None and name == stream:
                        clients.clear()
        self._wake.set()

    def end_lecture(self, lecture) -> None:
        """The organiser ended the lecture: stop now and finalise (on_ended follows within seconds)."""
        with self._lock:
            pipeline = self._pipelines.get(str(lecture))
            if pipeline is not None:
                pipeline.end_requested = True
        self._wake.set()

    def _open(self, lecture: str) -> _Pipeline:
        directory = self.settings.lecture_dir(lecture)
        if (directory / sessions.SESSION_FILE).is_file():
            old = sessions.load(directory)
            if old.ended_at is None and time.time() - _last_activity(directory, old) < self.settings.grace_seconds:
                pipeline = _Pipeline(lecture, directory, old, self.settings)  # the app restarted mid-lecture
                self._pipelines[lecture] = pipeline
                return pipeline
            directory.rename(directory.with_name(f"{directory.name}.ended-{int(time.time())}"))  # keep, never delete
        info = sessions.new_session(directory, lecture)
        pipeline = _Pipeline(lecture, directory, info, self.settings)
        self._pipelines[lecture] = pipeline
        return pipeline

    # --- what the admin page reads ----------------------------------------------------------------------------

    def health(self) -> list[PipelineHealth]:
        now = time.monotonic()
        with self._lock:
            result = []
            for p in self._pipelines.values():
                run = p.run()
                if p.end_requested:
                    state = "ending"
                elif p.process is None and p.gone_since is not None:
                    state = "waiting"
                elif p.process is None or p.stopping is not None:
                    state = "restarting" if p.info.runs else "starting"
                else:
                    state = "live" if p.last_segment_at is not None else "starting"
                result.append(PipelineHealth(
                    p.lecture, state, str(p.directory), p.process.pid if p.process else None,
                    run.index if run else None, len(p.info.runs), p.restarts, p.crashes,
                    None if p.last_segment_at is None else round(now - p.last_segment_at, 2),
                    list(p.info.languages), sorted(parse_stream_name(s)[1] for s in p.present if s != p.main),
                    p.last_exit, dict(p.offsets)))
            return result

    def publisher_reports(self, lecture) -> list[probe.PublisherReport]:
        """What the lecture's publishers send (codecs, size, bitrates, keyframe interval) and what to fix."""
        with self._lock:
            p = self._pipelines.get(str(lecture))
            if p is None:
                return []
            run, present = p.run(), sorted(p.present)
        interval = probe.keyframe_interval(p.directory / VIDEO, run.index) if run and run.has_video else None
        stat = read_stat(self.settings.stat_url)
        return [probe.report(stat[name], interval if name == p.main else None) for name in present if name in stat]

    def lectures(self) -> list[str]:
        with self._lock:
            return list(self._pipelines)

    # --- the supervisor's thread ------------------------------------------------------------------------------

    def start(self) -> LiveSupervisor:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="live-supervisor", daemon=True)
            self._thread.start()
        return self

    def close(self) -> None:
        """Stops the thread and every packager; sessions stay on disk (a restart within grace picks them up)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception:  # noqa: BLE001 -- the supervisor must outlive any one bad tick
                log.exception("live supervisor tick failed")
            self._wake.wait(TICK)
            self._wake.clear()
        for pipeline in list(self._pipelines.values()):
            for process in filter(None, [pipeline.process, pipeline.stopping and pipeline.stopping[0]]):
                process.stop()

    def _tick(self) -> None:
        with self._lock:
            pipelines = list(self._pipelines.values())
        if not pipelines:
            return
        try:
            self._stat = read_stat(self.settings.stat_url)
        except OSError:
            log.warning("nginx's statistics did not answer; the live pipelines wait")
            return
        for pipeline in pipelines:
            self._tick_one(pipeline, time.monotonic())

    def _tick_one(self, p: _Pipeline, now: float) -> None:
        with self._lock:
            recent = {name for name, clients in p.announced.items()
                      if any(now - at < ANNOUNCED_SECONDS for at in clients.values())}
            p.present = {name for name in p.announced if name in self._stat} | recent
            main_here, ending = p.main in p.present, p.end_requested
        p.gone_since = None if main_here else (p.gone_since or now)
        visible = [lang for lang in self._languages(p) if stream_name(p.lecture, lang) in self._stat]

        if p.stopping is not None:  # a run being stopped: wait for ffmpeg to close its last segment
            process, deadline = p.stopping
            if process.poll() is None and now < deadline:
                self._compose(p, now)
                return
            process.stop(grace=0.5)
            self._run_ended(p, process)
            p.stopping = None

        if p.process is not None:
            code = p.process.poll()
            run = p.process.run
            if code is not None:
                process, p.process = p.process, None
                self._run_ended(p, process)
                if main_here and not ending and self._still_published(p.main):
                    p.crashes += 1
                    p.crashes_in_a_row += 1
                    backoff = self.settings.restart_backoff
                    p.next_start = now + backoff[min(p.crashes_in_a_row, len(backoff)) - 1]
                    p.next_reason = "crash"
                    log.warning("lecture %s: packager exited with %s; restarting", p.lecture, code)
                else:
                    p.next_start, p.next_reason = now, "reconnect"
            elif ending or not main_here:
                self._begin_stop(p, now, "reconnect")
            elif sorted(visible) != sorted(run.languages):
                self._begin_stop(p, now, "interpreter")
            elif self._stalled(p, now):
                log.warning("lecture %s: packager stalled; restarting", p.lecture)
                self._begin_stop(p, now, "stall", grace=1.0)

        if p.process is None and p.stopping is None and main_here and not ending and now >= p.next_start \
                and p.main in self._stat:
            self._start_run(p, visible, now)
        self._compose(p, now)

        grace_over = p.gone_since is not None and now - p.gone_since >= self.settings.grace_seconds
        if (ending or grace_over) and p.process is None and p.stopping is None:
            self._finish(p)

    def _still_published(self, stream: str) -> bool:
        """Read afresh: ffmpeg sees a push end a moment before nginx's statistics do, and that is no crash."""
        try:
            time.sleep(0.1)
            return stream in read_stat(self.settings.stat_url)
        except OSError:
            return False

    def _languages(self, p: _Pipeline) -> list[str]:
        """Interpretation languages pushing now, in the order they first came."""
        here = [parse_stream_name(name)[1] for name in p.present if name != p.main]
        return [lang for lang in p.info.languages if lang in here] + \
            sorted(lang for lang in here if lang not in p.info.languages)

    def _stalled(self, p: _Pipeline, now: float) -> bool:
        if p.last_segment_at is None or p.last_segment_at < p.process.started:
            return now - p.process.started > self.settings.start_timeout
        return now - p.last_segment_at > self.settings.stall_seconds

    def _begin_stop(self, p: _Pipeline, now: float, reason: str, grace: float = 5.0) -> None:
        p.process.process.terminate()  # ffmpeg closes the segment it is writing and exits
        p.stopping, p.process = (p.process, now + grace), None
        p.next_start, p.next_reason = now, reason
        if reason in ("interpreter", "stall"):
            p.restarts += 1

    def _run_ended(self, p: _Pipeline, process: PackagerProcess) -> None:
        code = process.poll()
        p.last_exit = f"run {process.run.index} exited with {code}: " + " | ".join(list(process.tail)[-3:])
        process.run.ended_at = time.time()
        sessions.save(p.directory, p.info)

    def _start_run(self, p: _Pipeline, languages: list[str], now: float) -> None:
        main = self._stat[p.main]
        if main.video_codec is None and main.audio_codec is None:
            p.meta_wait_since = p.meta_wait_since or now
            if now - p.meta_wait_since < META_WAIT:
                return  # nginx has not seen the publisher's metadata yet
        p.meta_wait_since = None
        names = [p.main] + [stream_name(p.lecture, lang) for lang in languages]
        offsets, stats = measure_offsets(self.settings, names, p.info.epoch)
        if p.main not in offsets:
            return
        languages = [lang for lang in languages if stream_name(p.lecture, lang) in offsets]
        for language in languages:
            if language not in p.info.languages:
                p.info.languages.append(language)
        main = stats[p.main]
        has_video = main.video_codec is not None or main.bw_video > 0 or main.audio_codec is None
        has_audio = main.audio_codec is not None or main.bw_audio > 0 or main.video_codec is None
        reason = p.next_reason if p.info.runs else "publish"
        run = sessions.Run(len(p.info.runs), time.time(), languages, has_video, has_audio, reason=reason)
        inputs = {lang: packager_input(p.lecture, lang, offsets) for lang in languages}
        argv = packager_command(self.settings, p.directory, run, packager_input(p.lecture, None, offsets),
                                inputs, p.info.languages)
        p.process = PackagerProcess(argv, run)
        p.offsets = offsets
        if has_video:
            p.info.video = {"width": main.width, "height": main.height, "frame_rate": main.frame_rate,
                            "codecs": None}
        p.info.runs.append(run)
        sessions.save(p.directory, p.info)
        log.info("lecture %s: run %s started (%s), languages %s, pid %s", p.lecture, run.index, reason, languages,
                 p.process.pid)

    def _compose(self, p: _Pipeline, now: float) -> None:
        composed = p.composer.write(p.info, live=True)
        count = sum(len(segments) for segments in composed.values())
        if count != p.segment_count:
            p.segment_count, p.last_segment_at = count, now
            if p.process is not None and p.crashes_in_a_row and now - p.process.started > 10:
                p.crashes_in_a_row = 0  # it has run properly for a while
        run = p.run()
        if run is not None and p.master_for_run != run.index and composed and all(
                any(s.run == run.index for s in segments) for segments in composed.values()):
            if p.info.video is not None:
                p.info.video["codecs"] = video_codecs(p.directory / VIDEO / f"init_{run.index}.mp4")
                sessions.save(p.directory, p.info)
            write_live_master(p.directory, manifest_for(p.directory, p.info, video=p.info.video,
                                                        segment_seconds=self.settings.segment_seconds))
            p.master_for_run = run.index

    def _finish(self, p: _Pipeline) -> None:
        manifest = recording.finalise(p.directory, segment_seconds=self.settings.segment_seconds)
        with self._lock:
            if self._pipelines.get(p.lecture) is p:
                del self._pipelines[p.lecture]
        log.info("lecture %s: ended, replay in %s", p.lecture, p.directory)
        if self.on_ended is not None:
            self.on_ended(p.lecture, p.directory, manifest)


def packager_input(lecture: str, language: str | None, offsets: dict[str, float]) -> Input:
    name = stream_name(lecture, language)
    return Input(name, offsets[name])


def _last_activity(directory: Path, info: sessions.SessionInfo) -> float:
    ends = [run.ended_at or run.started_at for run in info.runs]
    return max(ends, default=info.epoch)
