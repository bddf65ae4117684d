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

Measurements (bench/live_sync.py, bench/live_load.py on the 2-core machine): see the README section once written;
the figures are repeated in the commit that added each benchmark."""

from lecturehall.modules.live.callbacks import DENY, DONE, PublishCall, allow_as, caller_allowed, stream_name
from lecturehall.modules.live.nginx import NginxMissing, NginxServer, render_embedded, render_production
from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.supervisor import LiveSupervisor, PipelineHealth

__all__ = ["DENY", "DONE", "LiveSettings", "LiveSupervisor", "NginxMissing", "NginxServer", "PipelineHealth",
           "PublishCall", "allow_as", "caller_allowed", "render_embedded", "render_production", "stream_name"]
