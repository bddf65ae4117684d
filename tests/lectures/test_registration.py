"""Registering, the waiting list, moving up, and capacity under concurrent registrations."""

import threading

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.registrations import operations
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from tests.conftest import message_text


def statuses(lecture_id):
    rows = db.session.execute(sa.select(Registration.user_id, Registration.status).where(
        Registration.lecture_id == lecture_id)).all()
    return {user_id: status for user_id, status in rows}


def test_register_through_the_page_mails_confirmation_with_calendar(app, client, forms, create_lecture,
                                                                     create_user, login, outbox):
    lecture = create_lecture("Logistics and payments")
    user = create_user(language="es", timezone="America/Montevideo")
    login(user)
    response = forms.post(f"/lectures/{lecture.id}/register", page=f"/lectures/{lecture.id}")
    assert response.status_code == 302
    assert statuses(lecture.id) == {user.id: RegistrationStatus.registered}
    mail = outbox.last()
    assert mail["Content-Language"] == "es"
    assert "Logistics and payments" in mail["Subject"]
    assert "Montevideo" in message_text(mail) or "Uruguay" in message_text(mail) or "UYT" in message_text(mail) \
        or "GMT-03:00" in message_text(mail)
    attachments = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(attachments) == 1
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert f'action="/lectures/{lecture.id}/unregister"' in body  # the page now offers to cancel


def test_waiting_list_and_moving_up(app, create_lecture, create_user, outbox):
    lecture = create_lecture(capacity=2)
    first, second, third, fourth = (create_user() for _ in range(4))
    for user in (first, second, third, fourth):
        operations.register(lecture.id, user)
        db.session.commit()
    assert statuses(lecture.id) == {first.id: RegistrationStatus.registered, second.id: RegistrationStatus.registered,
                                    third.id: RegistrationStatus.waitlisted, fourth.id: RegistrationStatus.waitlisted}
    before = len(outbox.messages())
    operations.unregister(lecture.id, first)
    db.session.commit()
    result = statuses(lecture.id)
    assert result[third.id] is RegistrationStatus.registered  # first in line moves up
    assert result[fourth.id] is RegistrationStatus.waitlisted
    assert result[first.id] is RegistrationStatus.cancelled
    promoted = outbox.messages()[before:]
    assert [m["To"].addresses[0].addr_spec for m in promoted] == [third.email]


def test_registering_twice_changes_nothing(app, create_lecture, create_user, outbox):
    lecture = create_lecture()
    user = create_user()
    operations.register(lecture.id, user)
    db.session.commit()
    operations.register(lecture.id, user)
    db.session.commit()
    assert len(outbox.messages()) == 1
    assert db.session.execute(sa.select(sa.func.count(Registration.id))).scalar_one() == 1


def test_cancelled_or_draft_lecture_takes_no_registrations(app, create_lecture, create_user):
    draft = create_lecture(publish=False)
    with pytest.raises(operations.RegistrationClosed):
        operations.register(draft.id, create_user())


def test_more_places_moves_people_up(app, create_lecture, create_user):
    from lecturehall.modules.lectures import operations as lecture_operations
    from tests.lectures.test_timezones import data_of

    lecture = create_lecture(capacity=1)
    users = [create_user() for _ in range(3)]
    for user in users:
        operations.register(lecture.id, user)
        db.session.commit()
    data = data_of(lecture)
    data.capacity = 3
    lecture_operations.update_lecture(lecture, data, None)
    db.session.commit()
    assert set(statuses(lecture.id).values()) == {RegistrationStatus.registered}


def test_concurrent_registrations_never_overbook(app, database_url, create_lecture, create_user):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers itself; row locks are what PostgreSQL needs")
    capacity, people = 4, 10  # within the connection pool (5 + 10 overflow)
    lecture = create_lecture(capacity=capacity)
    users = [create_user() for _ in range(people)]
    user_ids = [user.id for user in users]
    barrier = threading.Barrier(people)
    errors = []

    def register(user_id):
        with app.app_context():
            from lecturehall.modules.accounts.models import User

            user = db.session.get(User, user_id)
            barrier.wait(timeout=30)
            try:
                operations.register(lecture.id, user)
                db.session.commit()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
                db.session.rollback()

    threads = [threading.Thread(target=register, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    result = statuses(lecture.id)
    assert len(result) == people
    assert sum(1 for s in result.values() if s is RegistrationStatus.registered) == capacity
