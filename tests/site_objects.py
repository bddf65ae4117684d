"""One of every object a page can be about, owned by a given organiser, so that a walk over every route can fill
each URL with ids that exist: a programme, a lecture with a recording, tracks, a finished transcoding job, a
published replay (playlist and download), an upload in progress, a certificate and a bulk issue, a speaker with a
photo, a topic, a participant and a calendar feed, a registration, a question. Used by the route × role matrix and
the "no English left" walk."""

from __future__ import annotations

import io
import re
from datetime import datetime

from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.core.storage import get_storage
from lecturehall.modules.calendars import operations as calendars
from lecturehall.modules.certificates import operations as certificates
from lecturehall.modules.certificates.models import ProgrammeRule
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import ReplayVisibility
from lecturehall.modules.live import signing
from lecturehall.modules.media import access
from lecturehall.modules.media.models import (
    JobStatus,
    Recording,
    Replay,
    Track,
    TrackKind,
    TranscodeJob,
    Upload,
    UploadPurpose,
)
from lecturehall.modules.programmes import operations as programmes
from lecturehall.modules.qa.feed_tokens import feed_token as qa_feed_token
from lecturehall.modules.qa.models import Question
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.speakers import operations as speakers
from tests.speakers.images import image_bytes

MASTER = "#EXTM3U\n#EXT-X-VERSION:7\n"
VIEWER_COOKIE = "access-matrix-viewer-cookie"


def populate(organiser, participant) -> dict:
    """The objects, committed; returns the values for every URL parameter (tokens by endpoint, see ``fill``)."""
    programme = programmes.create_programme(programmes.ProgrammeData(
        name="Access matrix programme", organisers=[organiser] if organiser else [], countries=["CL"]))
    speaker = speakers.create_speaker(speakers.SpeakerData(name="Access Matrix Speaker", bio="Trade economist."))
    speakers.set_photo(speaker, image_bytes("JPEG"))
    tag = speakers.create_tag("access-matrix", {"en": "Access matrix", "fr": "Matrice d’accès"})
    db.session.flush()
    lecture = lectures.create_lecture(lectures.LectureData(
        programme_id=programme.id, title="Access matrix lecture", summary="Payments and logistics.",
        description="", original_language="en", lecture_language="en", local_start=datetime(2030, 5, 5, 10, 0),
        timezone="UTC", duration_minutes=60, replay_visibility=ReplayVisibility.public,
        speaker_ids=[speaker.id], tag_ids=[tag.id]), organiser, publish=True)
    lectures.save_translation(lecture, "fr", "Matrice d’accès", "Paiements et logistique.", "", organiser)
    storage = get_storage()
    recording = Recording(lecture_id=lecture.id, path=f"recordings/{lecture.id}/1-lecture.mp4",
                          original_filename="lecture.mp4", size=10,
                          info={"duration": 4.0, "has_video": True, "has_audio": True, "width": 640, "height": 360})
    storage.save(recording.path, io.BytesIO(b"0123456789"))
    db.session.add(recording)
    db.session.flush()
    track = Track(lecture_id=lecture.id, kind=TrackKind.audio, language="es", path=f"tracks/{lecture.id}/audio-es.m4a")
    storage.save(track.path, io.BytesIO(b"audio"))
    job = TranscodeJob(lecture_id=lecture.id, recording_id=recording.id, status=JobStatus.succeeded, progress=100.0,
                       finished_at=utcnow())
    directory = f"replays/{lecture.id}/v1-1"
    storage.save(f"{directory}/master.m3u8", io.BytesIO(MASTER.encode()))
    storage.save(f"{directory}/download.mp4", io.BytesIO(b"mp4"))
    replay = Replay(lecture_id=lecture.id, directory=directory, version=1, duration=4.0,
                    download_path=f"{directory}/download.mp4", allow_download=True)
    db.session.add_all([track, job, replay])
    db.session.flush()
    upload = Upload(user_id=(organiser or participant).id, lecture_id=lecture.id, purpose=UploadPurpose.recording,
                    filename="lecture.mp4", size=100, received=0)
    db.session.add(upload)
    db.session.flush()
    storage.save(upload.part_path, io.BytesIO(b""))
    # The participant took part in the programme, so reports about them exist for its organiser.
    db.session.add(Registration(lecture_id=lecture.id, user_id=participant.id, status=RegistrationStatus.registered,
                                registered_at=utcnow()))
    feed_token = calendars.create_or_replace_feed_token(organiser or participant)
    storage.save(f"live/{lecture.id}/master.m3u8", io.BytesIO(MASTER.encode()))  # a live lecture's playlist
    secret = signing.link_secret(current_app.config["SECRET_KEY"])
    _, _kind, live_expires, live_digest, *_rest = signing.mint("live", str(lecture.id), VIEWER_COOKIE, secret).split("/")
    question = Question(lecture_id=lecture.id, author_id=participant.id, text="How are returns taxed?", language="en")
    db.session.add(question)
    certificate, _new = certificates.issue_lecture_certificate((organiser or participant).id, lecture)
    batch = certificates.start_batch(programme.id, (organiser or participant).id, ProgrammeRule.at_least, 1)
    db.session.commit()
    viewer_id = organiser.id if organiser else None
    return {
        "programme_id": programme.id, "speaker_id": speaker.id, "tag_id": tag.id, "lecture_id": lecture.id,
        "language": "fr", "user_id": participant.id, "job_id": job.id, "recording_id": recording.id,
        "track_id": track.id, "upload_id": upload.id, "question_id": question.id, "certificate_id": certificate.id,
        "code": certificate.code, "batch_id": batch.id, "filename": "css/app.css", "path": "master.m3u8",
        "tokens": {"calendars.feed": feed_token,
                   "media.replay_file": access.make_token(lecture.id, replay.version, viewer_id),
                   "qa.feed": qa_feed_token(lecture.id)},
        "token": "not-a-token", "fmt": "xlsx",
        "event": "publish_done", "expires": live_expires, "digest": live_digest, "lecture": str(lecture.id),
        "file": "master.m3u8", "viewer_cookie": VIEWER_COOKIE,
    }


def fill(rule, values: dict) -> str:
    """The rule's URL with real values (a token of the kind the endpoint wants)."""
    tokens = values.get("tokens", {})

    def value(match):
        name = match.group(1)
        if name == "token" and rule.endpoint in tokens:
            return str(tokens[rule.endpoint])
        return str(values[name])

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", value, rule.rule)
