"""The personal calendar feed: its page, its secret URL (created, replaced, revoked), and what it lists."""

import re

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import User
from lecturehall.modules.calendars import operations
from lecturehall.modules.calendars.ics import lecture_uid
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus, Visibility
from lecturehall.modules.registrations import operations as registrations
from tests.calendars.conftest import events_by_uid, parse_calendar
from tests.factories import lecture_data


def feed_path(user) -> str:
    db.session.refresh(user)
    return f"/calendar/{user.calendar_token}.ics"


def with_feed(user) -> str:
    operations.create_or_replace_feed_token(user)
    db.session.commit()
    return feed_path(user)


def test_the_page_needs_a_login(app, client):
    response = client.get("/my/calendar")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_create_feed_shows_its_absolute_url(app, client, forms, create_user, login):
    user = create_user()
    login(user)
    page = client.get("/my/calendar").get_data(as_text=True)
    assert "localhost/calendar/" not in page
    response = forms.post("/my/calendar/feed", page="/my/calendar")
    assert response.status_code == 302 and response.headers["Location"] == "/my/calendar"
    db.session.refresh(user)
    assert user.calendar_token and len(user.calendar_token) >= 43
    page = client.get("/my/calendar").get_data(as_text=True)
    assert f'value="http://localhost/calendar/{user.calendar_token}.ics"' in page
    assert client.get(feed_path(user)).status_code == 200


def test_replacing_the_feed_retires_the_old_url(app, client, forms, create_user, login):
    user = create_user()
    old = with_feed(user)
    login(user)
    forms.post("/my/calendar/feed", page="/my/calendar")
    new = feed_path(user)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_revoking_the_feed_makes_its_url_not_found(app, client, forms, create_user, login):
    user = create_user()
    old = with_feed(user)
    login(user)
    response = forms.post("/my/calendar/feed/revoke", page="/my/calendar")
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.calendar_token is None
    assert client.get(old).status_code == 404
    assert "localhost/calendar/" not in client.get("/my/calendar").get_data(as_text=True)
    # A new feed works again, under a new address.
    forms.post("/my/calendar/feed", page="/my/calendar")
    new = feed_path(user)
    assert new != old and client.get(new).status_code == 200 and client.get(old).status_code == 404


def test_the_forms_need_a_csrf_token(app, client, create_user, login):
    user = create_user()
    old = with_feed(user)
    login(user)
    assert client.post("/my/calendar/feed").status_code == 400
    assert client.post("/my/calendar/feed/revoke").status_code == 400
    assert client.post("/my/calendar/feed/revoke", data={"csrf_token": "forged"}).status_code == 400
    assert feed_path(user) == old


def test_the_forms_refuse_strangers_fields(app, forms, create_user, login):
    user = create_user()
    old = with_feed(user)
    login(user)
    response = forms.post("/my/calendar/feed", {"calendar_token": "chosen-by-me"}, page="/my/calendar")
    assert response.status_code == 400
    assert feed_path(user) == old


def test_unknown_tokens_are_not_found(app, client):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 200 + ".ics").status_code == 404


def test_a_deactivated_users_feed_is_not_found(app, client, create_user):
    user = create_user()
    path = with_feed(user)
    accounts.set_active(user, False)
    db.session.commit()
    assert client.get(path).status_code == 404


def test_a_deleted_account_has_no_feed(app, client, create_user):
    user = create_user()
    path = with_feed(user)
    accounts.delete_account(user)
    db.session.commit()
    assert client.get(path).status_code == 404


def test_the_feed_lists_only_the_users_places_and_waiting_list_spots(app, client, create_user, create_lecture,
                                                                      organiser):
    user = create_user(language="en")
    other = create_user()
    registered = create_lecture("Trade facilitation")
    full = create_lecture("Small-parcel logistics", capacity=1)
    given_up = create_lecture("Customs valuation")
    someone_elses = create_lecture("Digital payments")
    not_registered = create_lecture("Consumer protection")
    for lecture_id, person in ((registered.id, user), (full.id, other), (full.id, user), (given_up.id, user),
                               (someone_elses.id, other)):
        registrations.register(lecture_id, person)
    registrations.unregister(given_up.id, user)
    db.session.commit()

    response = client.get(with_feed(user))
    assert response.headers["Cache-Control"] == "private, max-age=300"
    calendar = parse_calendar(response)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert "Lecture Hall" in str(calendar["X-WR-CALNAME"])
    events = events_by_uid(calendar)
    assert set(events) == {lecture_uid(registered), lecture_uid(full)}
    assert lecture_uid(given_up) not in events and lecture_uid(not_registered) not in events
    place, waiting = events[lecture_uid(registered)], events[lecture_uid(full)]
    assert str(place["STATUS"]) == "CONFIRMED" and str(place["SUMMARY"]) == "Trade facilitation"
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in place.walk("VALARM")] == ["-PT15M"]
    assert str(waiting["STATUS"]) == "TENTATIVE"
    assert str(waiting["SUMMARY"]) == "Small-parcel logistics (waiting list)"
    assert place["DTSTART"].dt == registered.starts_at and place["DTEND"].dt == registered.ends_at


def test_the_feed_keeps_cancelled_lectures_marked_cancelled(app, client, create_user, create_lecture, organiser):
    user = create_user()
    lecture = create_lecture()
    registrations.register(lecture.id, user)
    db.session.commit()
    path = with_feed(user)
    before = events_by_uid(parse_calendar(client.get(path)))[lecture_uid(lecture)]

    lectures.update_lecture(lecture, lecture_data(lecture, title="Moved online"), organiser)
    db.session.commit()
    edited = events_by_uid(parse_calendar(client.get(path)))[lecture_uid(lecture)]
    lectures.cancel_lecture(lecture, organiser)
    db.session.commit()
    cancelled = events_by_uid(parse_calendar(client.get(path)))[lecture_uid(lecture)]

    assert before["SEQUENCE"] < edited["SEQUENCE"] < cancelled["SEQUENCE"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled.walk("VALARM") == []


def test_the_feed_drops_lectures_the_user_may_no_longer_see(app, client, create_user, create_lecture, organiser):
    user = create_user(country="CL")
    back_to_draft = create_lecture()
    restricted = create_lecture()
    for lecture in (back_to_draft, restricted):
        registrations.register(lecture.id, user)
    db.session.commit()
    lectures.set_status(back_to_draft, LectureStatus.draft, organiser)
    lectures.update_lecture(restricted, lecture_data(restricted, visibility=Visibility.countries, countries=["RW"]),
                            organiser)
    db.session.commit()
    assert events_by_uid(parse_calendar(client.get(with_feed(user)))) == {}


def test_the_feed_is_in_the_users_language(app, client, create_user, create_lecture, organiser):
    user = create_user(language="fr")
    lecture = create_lecture("Cross-border payments")
    lectures.save_translation(lecture, "fr", "Paiements transfrontaliers", "", "", organiser)
    registrations.register(lecture.id, user)
    db.session.commit()
    event = events_by_uid(parse_calendar(client.get(with_feed(user))))[lecture_uid(lecture)]
    assert str(event["SUMMARY"]) == "Paiements transfrontaliers"


def test_the_feed_works_without_a_session(app, client, create_user, create_lecture):
    """Calendar apps send no cookie: the token alone opens the feed, and no session cookie is set."""
    user = create_user()
    response = client.get(with_feed(user))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not re.search(rb"csrf|password", response.data, re.I)


def test_tokens_are_unique_per_user(app, create_user):
    first, second = create_user(), create_user()
    assert operations.create_or_replace_feed_token(first) != operations.create_or_replace_feed_token(second)
    assert db.session.get(User, first.id).calendar_token == first.calendar_token
