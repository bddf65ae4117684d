"""Live lectures: the engine that takes an expert's RTMP push (OBS, Zoom, Teams, vMix) into nginx, packages it as
live HLS with interpretation languages, and keeps the recording as the replay. No Flask here: the app drives it.

The API, in the order the app uses it::

    settings = LiveSettings(live_root=..., nginx_prefix=instance/"nginx",
                            callback_url="http://127.0.0.1:8000/internal/live", callback_secret=...)
    server = NginxServer(settings); server.start()          # embedded default (production: render_production)
    supervisor = LiveSupervisor(settings, on_ended=publish_the_replay).start()

    # the internal endpoint nginx calls (POST form; callbacks.py):
    call = PublishCall.from_form(request.form)
    if not caller_allowed(request.remote_addr, request.args.get("secret"), settings.callback_secret): 403
    on "publish":      key -> (lecture id, language or None) from the database, else answer DENY;
                       name = stream_name(lecture, language); supervisor.publish_started(name, call.client_id)
                       answer allow_as(name)        # 302 Location: lecture-42 — the key goes no further
    on "publish_done": supervisor.publish_ended(client_id=call.client_id); answer DONE

    supervisor.end_lecture(lecture)          # organiser pressed "end"; otherwise the grace period ends it
    supervisor.health()                      # per lecture: state, pid, runs, restarts, crashes, last segment age
    supervisor.publisher_reports(lecture)    # codecs, size, bitrates, keyframe interval, warnings
    on_ended(lecture, directory, manifest)   # the folder is a replay (media/packaging.py layout);
                                             # recording.publish_replay(directory, media/replays/<id>/live-<n>)
    recording.export_mp4(directory, path)    # one MP4 (video, floor, languages) for media/pipeline.py run_ladder

    signing.mint("live", str(lecture), viewer_cookie, link_secret(SECRET_KEY))  -> "/live/<exp>/<hash>/42/"
    signing.verify(...)                      # the embedded app's check; nginx checks the same in production

Modules: settings (LiveSettings), callbacks (stream names, the on_publish protocol), nginx (configuration and the
child process), stat (nginx's statistics), packager (the ffmpeg command, aligning pushes: read its docstring),
playlists (live/VOD/master playlists), session (live.json, runs), supervisor, recording (replay, MP4), probe (what
the publisher sends), signing (URLs for viewers), processes (children).

Design, and what was measured (2-core machine, other work running on it):

* Ingest: nginx with Debian's libnginx-mod-rtmp, never Python. The lecturer pushes to /live/<key>, interpreters to
  /interpret/<key> (audio only: the lecturer's application waits for video so that audio and video start together
  in every run, which an audio-only push could never satisfy). on_publish answers 302 to the internal name.
* Sync of interpreters (packager.py): every push is put on the arrival wall clock (nginx's statistics give each
  publisher's latest timestamp; -copyts + -itsoffset), all renditions of a lecture come from one ffmpeg, so their
  runs and discontinuities match. bench/live_sync.py, three trials with the interpreter joining 1.3-2.9 s after the
  lecturer: interpreter vs video +26, +112 and -55 ms (constant within a trial; the pushers' own start-up is part
  of it), the lecturer's own sound vs video 0 ms; after interpreters' inputs were opened first, two more trials:
  -219 and +59 ms. Target ±500 ms. Rejected: ffmpeg's default start alignment
  (each input is shifted to 0 when *it* was opened; inputs are opened one after the other, 0.3-2 s apart), and
  -copyts alone (unrelated timestamps: ffmpeg starves the input that is "ahead" and nginx drops it).
* Cost: bench/live_load.py, 12 lectures at once, each 720p at 1.5 Mbit/s copied, floor sound + one language at
  64 kbit/s, recording on: every playlist of every lecture grew every 2.0 s (longest wait 2.8 s), newest segment
  1.3 s behind real time (median), no packager crash; 3.7 % of one core per lecture (44 % for 12), nginx 5 %, the
  supervisor's composing 9 %.
* A new run (reconnect, crash, interpreter joining or leaving) costs the seconds until the next keyframe plus one
  segment (3-5 s with 2-s keyframes) in the live stream; the replay keeps every run."""

from lecturehall.modules.live.callbacks import DENY, DONE, PublishCall, allow_as, caller_allowed, stream_name
from lecturehall.modules.live.nginx import NginxMissing, NginxServer, render_embedded, render_production
from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.supervisor import LiveSupervisor, PipelineHealth

__all__ = ["DENY", "DONE", "LiveSettings", "LiveSupervisor", "NginxMissing", "NginxServer", "PipelineHealth",
           "PublishCall", "allow_as", "caller_allowed", "render_embedded", "render_production", "stream_name"]
