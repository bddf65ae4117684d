"""Deleting a lecture: only one nobody has taken part in, with everything that hangs on it; others are cancelled."""

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.scheduler import get_scheduler
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures.models import Lecture, LectureChange, LectureTranslation
from lecturehall.modules.media.models import Recording
from lecturehall.modules.registrations import operations as registrations
from lecturehall.modules.registrations.models import Registration
from tests.factories import job_ids


def _with_recording(lecture) -> str:
    path = f"recordings/{lecture.id}/1-lecture.mp4"
    get_storage().local_path(path).parent.mkdir(parents=True, exist_ok=True)
    get_storage().local_path(path).write_bytes(b"recording")
    db.session.add(Recording(lecture_id=lecture.id, path=path, original_filename="lecture.mp4", size=9))
    db.session.commit()
    return path


def test_an_organiser_deletes_a_lecture_nobody_joined(app, client, create_lecture, create_user, login, forms):
    login(create_user(role=Role.admin))
    lecture = create_lecture(summary="Draft")
    lecture.translations.append(LectureTranslation(language="fr", title="Politique", summary="", description=""))
    db.session.commit()
    path = _with_recording(lecture)
    lecture_id = lecture.id
    assert f"lecture:{lecture_id}:start" in {job.id for job in get_scheduler(app).jobs()}
    page = client.get(f"/manage/lectures/{lecture_id}").get_data(as_text=True)
    assert f"/manage/lectures/{lecture_id}/delete" in page and "data-confirm" in page

    response = forms.post(f"/manage/lectures/{lecture_id}/delete", page=f"/manage/lectures/{lecture_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/lectures")
    db.session.expire_all()
    assert db.session.get(Lecture, lecture_id) is None
    for model in (LectureTranslation, LectureChange, Recording):
        assert db.session.execute(sa.select(model).where(model.lecture_id == lecture_id)).first() is None
    assert not get_storage().local_path(path).exists()
    assert not set(job_ids(lecture_id).values()) & {job.id for job in get_scheduler(app).jobs()}
    assert "is deleted" in client.get("/manage/lectures").get_data(as_text=True)


def test_a_lecture_with_participants_is_kept(app, client, create_lecture, create_user, login, forms):
    lecture = create_lecture()
    registrations.register(lecture.id, create_user("learner@example.org"))
    db.session.commit()
    path = _with_recording(lecture)
    registration = db.session.execute(sa.select(Registration)).scalar_one()
    registrations.unregister(lecture.id, registration.user)  # even one who left counts
    db.session.commit()
    login(create_user(role=Role.admin))
    page = client.get(f"/manage/lectures/{lecture.id}").get_data(as_text=True)
    assert f"/manage/lectures/{lecture.id}/delete" not in page

    response = forms.post(f"/manage/lectures/{lecture.id}/delete", page=f"/manage/lectures/{lecture.id}",
                          follow_redirects=True)
    assert "Cancel it instead" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id) is not None
    assert db.session.execute(sa.select(Registration)).first() is not None
    assert get_storage().local_path(path).exists()


def test_only_its_organisers_delete_a_lecture(app, client, create_lecture, create_programme, create_user, login,
                                              forms):
    lecture = create_lecture()
    elsewhere = create_user("organiser@example.org")
    create_programme("Another programme", organisers=[elsewhere])
    login(elsewhere)  # organises a programme, but not this lecture's
    response = client.post(f"/manage/lectures/{lecture.id}/delete", data={"csrf_token": forms.token("/")})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id) is not None


def test_deleting_needs_the_forms_token(app, client, create_lecture, create_user, login):
    lecture = create_lecture()
    login(create_user(role=Role.admin))
    assert client.post(f"/manage/lectures/{lecture.id}/delete").status_code == 400
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id) is not None
