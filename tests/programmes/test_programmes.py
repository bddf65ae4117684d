"""Programme pages: admins create and edit any programme and name its organisers; an organiser edits only their own
programmes and cannot change who organises; everyone else is refused."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.programmes.models import Programme
from tests.factories import make_programme


def _programmes() -> list[Programme]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(Programme).order_by(Programme.id)).scalars())


def test_admin_creates_a_programme_with_countries_and_organisers(client, forms, create_user, login):
    admin = create_user(role=Role.admin)
    first = create_user("ana@example.org", full_name="Ana Organiser")
    second = create_user("li@example.org", role=Role.coordinator, full_name="Li Organiser")
    login(admin)
    response = forms.post("/manage/programmes/new", {
        "name": "  Cloud Lecture Hall 2026 ",
        "description": "Digital trade for partner countries.",
        "countries": ["CL", "RW"],
        "organisers": "ANA@example.org,\n li@example.org ; ana@example.org",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    [programme] = _programmes()
    assert programme.name == "Cloud Lecture Hall 2026"
    assert programme.description == "Digital trade for partner countries."
    assert programme.country_codes == ["CL", "RW"]
    assert sorted(user.id for user in programme.organisers) == sorted([first.id, second.id])
    assert response.headers["Location"] == f"/manage/programmes/{programme.id}"

    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chile" in body and "Rwanda" in body
    assert f'href="/manage/lectures/new?programme={programme.id}"' in body
    assert "New lecture in this programme" in body
    body = client.get("/manage/programmes/").get_data(as_text=True)
    assert "Cloud Lecture Hall 2026" in body and "Ana Organiser" in body


def test_admin_edits_a_programme(client, forms, create_user, login):
    admin = create_user(role=Role.admin)
    kept = create_user("kept@example.org")
    dropped = create_user("dropped@example.org")
    programme = make_programme("Old name", organisers=[kept, dropped], countries=["CL", "PE"])
    login(admin)
    page = f"/manage/programmes/{programme.id}"
    body = client.get(page).get_data(as_text=True)
    assert "kept@example.org" in body and "dropped@example.org" in body
    response = forms.post(page, {"name": "New name", "description": "", "countries": ["PE", "UY"],
                                 "organisers": "kept@example.org"})
    assert response.status_code == 302, response.get_data(as_text=True)
    [programme] = _programmes()
    assert programme.name == "New name"
    assert programme.country_codes == ["PE", "UY"]
    assert [user.id for user in programme.organisers] == [kept.id]


def test_programme_page_lists_its_lectures(client, create_user, login):
    admin = create_user(role=Role.admin)
    programme = make_programme()
    other = make_programme("Another programme")
    starts = datetime.now(timezone.utc) + timedelta(days=3)
    for title, owner in (("Selling online", programme), ("Elsewhere", other)):
        db.session.add(Lecture(programme_id=owner.id, original_language="en", title=title, lecture_language="en",
                               starts_at=starts, timezone="UTC"))
    db.session.commit()
    lecture_id = db.session.execute(sa.select(Lecture.id).where(Lecture.title == "Selling online")).scalar_one()
    login(admin)
    body = client.get(f"/manage/programmes/{programme.id}").get_data(as_text=True)
    assert "Selling online" in body and "Elsewhere" not in body
    assert f'href="/manage/lectures/{lecture_id}"' in body


def test_duplicate_name_is_refused_with_a_clear_error(client, forms, create_user, login):
    login(create_user(role=Role.admin))
    existing = make_programme("Cloud Lecture Hall 2026")
    other = make_programme("Trade Academy")
    for name in ("Cloud Lecture Hall 2026", "cloud lecture hall 2026"):
        response = forms.post("/manage/programmes/new", {"name": name, "organisers": ""})
        assert response.status_code == 422
        assert "A programme with this name exists already" in response.get_data(as_text=True)
    assert [p.id for p in _programmes()] == [existing.id, other.id]

    response = forms.post(f"/manage/programmes/{other.id}", {"name": "Cloud Lecture Hall 2026", "organisers": ""})
    assert response.status_code == 422
    assert "A programme with this name exists already" in response.get_data(as_text=True)
    assert _programmes()[1].name == "Trade Academy"


def test_unknown_or_inactive_organiser_is_refused_and_nothing_is_saved(client, forms, create_user, login):
    login(create_user(role=Role.admin))
    create_user("known@example.org")
    inactive = create_user("gone@example.org")
    inactive.active = False
    db.session.commit()
    response = forms.post("/manage/programmes/new", {
        "name": "Cloud Lecture Hall 2026",
        "organisers": "known@example.org\nnobody@example.org, gone@example.org",
    })
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "These addresses do not belong to an active account" in body
    assert "nobody@example.org" in body and "gone@example.org" in body
    assert _programmes() == []


def test_organiser_sees_and_edits_only_own_programmes(client, forms, create_user, login):
    organiser = create_user("org@example.org")
    colleague = create_user("colleague@example.org")
    own = make_programme("Own programme", organisers=[organiser, colleague])
    foreign = make_programme("Foreign programme")
    login(organiser)

    body = client.get("/manage/programmes/").get_data(as_text=True)
    assert "Own programme" in body and "Foreign programme" not in body
    assert "/manage/programmes/new" not in body
    assert client.get("/manage/programmes/new").status_code == 403
    assert client.get(f"/manage/programmes/{foreign.id}").status_code == 403
    response = forms.post(f"/manage/programmes/{foreign.id}", {"name": "Taken over"}, page="/manage/programmes/")
    assert response.status_code == 403

    page = f"/manage/programmes/{own.id}"
    body = client.get(page).get_data(as_text=True)
    assert 'name="organisers"' not in body
    response = forms.post(page, {"name": "Own programme, renamed", "countries": ["CL"]})
    assert response.status_code == 302, response.get_data(as_text=True)

    # A forged organisers field is refused whole: nothing of the submission is stored.
    response = forms.post(page, {"name": "Sneaky", "organisers": "org@example.org"})
    assert response.status_code == 422
    assert "not allowed" in response.get_data(as_text=True)
    own_now, foreign_now = _programmes()
    assert own_now.name == "Own programme, renamed" and own_now.country_codes == ["CL"]
    assert sorted(user.id for user in own_now.organisers) == sorted([organiser.id, colleague.id])
    assert foreign_now.name == "Foreign programme"


@pytest.mark.parametrize("role", [Role.participant, Role.coordinator], ids=lambda role: role.value)
def test_participant_and_coordinator_without_programmes_are_refused(client, forms, create_user, login, role):
    programme = make_programme()
    login(create_user(role=role))
    for url in ("/manage/programmes/", "/manage/programmes/new", f"/manage/programmes/{programme.id}"):
        assert client.get(url).status_code == 403, url
    response = forms.post(f"/manage/programmes/{programme.id}", {"name": "Mine now"}, page="/")
    assert response.status_code == 403
    assert _programmes()[0].name == "Cloud Lecture Hall 2026"


def test_anonymous_is_sent_to_login(client):
    response = client.get("/manage/programmes/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_csrf_token_is_required(client, create_user, login):
    login(create_user(role=Role.admin))
    response = client.post("/manage/programmes/new", data={"name": "No token"})
    assert response.status_code == 400
    assert _programmes() == []
