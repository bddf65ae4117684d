"""The .ics file of one lecture: valid iCalendar, stable identity, SEQUENCE raised on changes, visibility rules."""

from datetime import datetime, timedelta, timezone

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import Visibility
from tests.calendars.conftest import parse_calendar
from tests.factories import lecture_data


def only_event(calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_lecture_ics_is_a_valid_calendar(app, client, create_lecture):
    lecture = create_lecture("Paperless customs", local_start=datetime(2031, 3, 4, 9, 30), timezone="Asia/Shanghai",
                             duration=90)
    response = client.get(f"/lectures/{lecture.id}.ics")
    assert response.headers["Content-Disposition"] == f'attachment; filename="lecture-{lecture.id}.ics"'
    calendar = parse_calendar(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Lecture Hall//Lecture Hall//EN"
    event = only_event(calendar)
    assert str(event["UID"]) == f"lecture-{lecture.uid}@lecturehall"  # fixed: moving the site keeps UIDs
    assert str(event["SUMMARY"]) == "Paperless customs"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    # 09:30 in Shanghai (UTC+8) is 01:30 UTC, written in UTC ("Z").
    assert event["DTSTART"].dt == datetime(2031, 3, 4, 1, 30, tzinfo=timezone.utc) == lecture.starts_at
    assert event["DTEND"].dt == datetime(2031, 3, 4, 3, 0, tzinfo=timezone.utc) == lecture.ends_at
    assert event["DTSTART"].dt.utcoffset() == timedelta(0)
    assert b"DTSTART:20310304T013000Z" in response.data and b"DTEND:20310304T030000Z" in response.data
    assert str(event["URL"]) == f"http://localhost/lectures/{lecture.id}"
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0]["TRIGGER"].dt == timedelta(minutes=-15)
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert b"TRIGGER:-PT15M" in response.data


def test_uid_stays_and_sequence_rises_with_each_change(app, client, create_lecture, organiser):
    lecture = create_lecture()
    first = only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))

    operations.update_lecture(lecture, lecture_data(lecture, title="Paperless customs, revised"), organiser)
    db.session.commit()
    edited = only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))

    moved_start = (lecture_data(lecture).local_start + timedelta(days=1))
    operations.update_lecture(lecture, lecture_data(lecture, local_start=moved_start), organiser)
    db.session.commit()
    moved = only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))

    operations.cancel_lecture(lecture, organiser)
    db.session.commit()
    cancelled = only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))

    assert str(first["UID"]) == str(edited["UID"]) == str(moved["UID"]) == str(cancelled["UID"])
    assert first["SEQUENCE"] < edited["SEQUENCE"] < moved["SEQUENCE"] < cancelled["SEQUENCE"]
    assert str(edited["SUMMARY"]) == "Paperless customs, revised"
    assert moved["DTSTART"].dt == first["DTSTART"].dt + timedelta(days=1)


def test_an_edit_that_changes_nothing_keeps_the_sequence(app, client, create_lecture, organiser):
    lecture = create_lecture()
    operations.update_lecture(lecture, lecture_data(lecture), organiser)
    db.session.commit()
    assert only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))["SEQUENCE"] == 0


def test_a_cancelled_lecture_is_marked_cancelled_without_alarm(app, client, create_lecture, organiser):
    lecture = create_lecture()
    operations.cancel_lecture(lecture, organiser)
    db.session.commit()
    event = only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.walk("VALARM") == []


def test_the_event_is_in_the_viewers_language(app, client, create_lecture, create_user, organiser, login):
    lecture = create_lecture("Cross-border payments", summary="How payments settle.")
    operations.save_translation(lecture, "fr", "Paiements transfrontaliers", "Comment les paiements se règlent.", "",
                                organiser)
    db.session.commit()
    login(create_user(language="fr"))
    event = only_event(parse_calendar(client.get(f"/lectures/{lecture.id}.ics")))
    assert str(event["SUMMARY"]) == "Paiements transfrontaliers"
    assert "Comment les paiements se règlent." in str(event["DESCRIPTION"])


def test_a_draft_has_no_calendar_file_for_participants(app, client, create_lecture, create_user, login):
    draft = create_lecture(publish=False)
    assert client.get(f"/lectures/{draft.id}.ics").status_code == 404
    login(create_user())
    assert client.get(f"/lectures/{draft.id}.ics").status_code == 404


def test_an_organiser_can_download_a_draft(app, client, create_lecture, organiser, login):
    draft = create_lecture(publish=False)
    login(organiser)
    event = only_event(parse_calendar(client.get(f"/lectures/{draft.id}.ics")))
    assert str(event["STATUS"]) == "TENTATIVE"


def test_a_country_restricted_lecture_is_hidden_from_other_countries(app, client, create_lecture, create_user, login):
    lecture = create_lecture(visibility=Visibility.countries, countries=["RW", "KE"])
    assert client.get(f"/lectures/{lecture.id}.ics").status_code == 404
    login(create_user(country="CL"))
    assert client.get(f"/lectures/{lecture.id}.ics").status_code == 404


def test_a_country_restricted_lecture_is_open_to_its_countries(app, client, create_lecture, create_user, login):
    lecture = create_lecture(visibility=Visibility.countries, countries=["RW", "KE"])
    login(create_user(country="KE"))
    assert client.get(f"/lectures/{lecture.id}.ics").status_code == 200


def test_a_coordinator_sees_by_the_country_they_coordinate(app, client, create_lecture, create_user, login):
    lecture = create_lecture(visibility=Visibility.countries, countries=["RW"])
    login(create_user(role=Role.coordinator, country="CL", coordinator_country="RW"))
    assert client.get(f"/lectures/{lecture.id}.ics").status_code == 200


def test_a_lecture_for_signed_in_users_is_hidden_from_visitors(app, client, create_lecture, create_user, login):
    lecture = create_lecture(visibility=Visibility.registered)
    assert client.get(f"/lectures/{lecture.id}.ics").status_code == 404
    login(create_user())
    assert client.get(f"/lectures/{lecture.id}.ics").status_code == 200


def test_an_unknown_lecture_is_not_found(app, client):
    assert client.get("/lectures/424242.ics").status_code == 404
