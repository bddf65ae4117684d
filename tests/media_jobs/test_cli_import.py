"""`lecturehall media import`: a back-catalogue recording with its tracks, checked like an upload."""

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.media.models import Recording, Track, TranscodeJob

SRT = "1\n00:00:00,000 --> 00:00:02,000\nBonjour.\n"


def test_import_attaches_recording_and_tracks_and_queues_transcoding(app, runner, create_lecture, create_user,
                                                                      clip, tmp_path):
    create_user(role=Role.admin)
    lecture = create_lecture()
    subtitles = tmp_path / "fr.srt"
    subtitles.write_text(SRT, encoding="utf-8")
    result = runner.invoke(args=["media", "import", str(lecture.id), str(clip), "--audio", f"es={clip}",
                                 "--subtitles", f"fr={subtitles}"])
    assert result.exit_code == 0, result.output
    recording = db.session.execute(sa.select(Recording)).scalar_one()
    assert get_storage().local_path(recording.path).read_bytes() == clip.read_bytes()
    kinds = {(t.kind.value, t.language) for t in db.session.execute(sa.select(Track)).scalars()}
    assert kinds == {("audio", "es"), ("subtitles", "fr")}
    assert get_storage().local_path(f"tracks/{lecture.id}/subtitles-fr.vtt").read_text().startswith("WEBVTT")
    assert db.session.execute(sa.select(TranscodeJob)).scalar_one().status.value == "queued"


def test_a_bad_file_keeps_nothing(app, runner, create_lecture, create_user, clip, tmp_path):
    create_user(role=Role.admin)
    lecture = create_lecture()
    notes = tmp_path / "notes.mp3"
    notes.write_text("not sound at all\n" * 20)
    result = runner.invoke(args=["media", "import", str(lecture.id), str(clip), "--audio", f"es={notes}"])
    assert result.exit_code != 0 and "notes.mp3" in result.output
    assert db.session.execute(sa.select(Recording)).first() is None
    media = get_storage().local_path("recordings")
    assert not media.exists() or not any(media.rglob("*.mp4"))
