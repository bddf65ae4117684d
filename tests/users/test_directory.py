"""The user directory: admins search, filter, edit roles and deactivate; coordinators see only their country."""

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, Sector, User


def test_admin_lists_searches_and_filters(app, client, create_user, login):
    admin = create_user("boss@example.org", role=Role.admin, country="CN", full_name="Admin Person")
    create_user(full_name="Camila Rojas", country="CL", sector=Sector.government)
    create_user(full_name="Aline Uwimana", country="RW", sector=Sector.enterprise, organisation="Kigali Exports")
    login(admin)
    body = client.get("/admin/users/").get_data(as_text=True)
    assert "Camila Rojas" in body and "Aline Uwimana" in body
    body = client.get("/admin/users/?country=RW").get_data(as_text=True)
    assert "Aline Uwimana" in body and "Camila Rojas" not in body
    body = client.get("/admin/users/?sector=government&role=participant").get_data(as_text=True)
    assert "Camila Rojas" in body and "Aline Uwimana" not in body and "Admin Person" not in body
    body = client.get("/admin/users/?q=kigali").get_data(as_text=True)
    assert "Aline Uwimana" in body and "Camila Rojas" not in body


def test_coordinator_sees_only_participants_of_own_country(app, client, create_user, login):
    coordinator = create_user(role=Role.coordinator, country="CL", full_name="Coordinator Chile")
    create_user(full_name="Chilean Participant", country="CL")
    create_user(full_name="Rwandan Participant", country="RW")
    create_user(full_name="Chilean Admin", country="CL", role=Role.admin)
    login(coordinator)
    for url in ("/admin/users/", "/admin/users/?country=RW", "/admin/users/?role=admin"):
        body = client.get(url).get_data(as_text=True)
        assert "Chilean Participant" in body
        assert "Rwandan Participant" not in body and "Chilean Admin" not in body
    other = create_user(country="RW")
    assert client.get(f"/admin/users/{other.id}").status_code == 403


def test_participant_cannot_see_directory(app, client, create_user, login):
    login(create_user())
    assert client.get("/admin/users/").status_code == 403


def test_admin_makes_coordinator_and_deactivates(app, client, forms, create_user, login):
    admin = create_user(role=Role.admin)
    user = create_user(country="UY")
    login(admin)
    page = f"/admin/users/{user.id}"
    response = forms.post(page, {"role": "coordinator", "coordinator_country": ""})
    assert response.status_code == 422
    assert "Choose the country" in response.get_data(as_text=True)
    response = forms.post(page, {"role": "coordinator", "coordinator_country": "UY"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.role is Role.coordinator and user.coordinator_country == "UY"
    forms.post(f"{page}/active", page=page)
    db.session.refresh(user)
    assert not user.active
    forms.post(f"{page}/active", page=page)
    db.session.refresh(user)
    assert user.active


def test_admin_cannot_demote_or_deactivate_self(app, forms, create_user, login):
    admin = create_user(role=Role.admin)
    login(admin)
    page = f"/admin/users/{admin.id}"
    assert forms.post(page, {"role": "participant", "coordinator_country": ""}).status_code == 422
    forms.post(f"{page}/active", page=page)
    db.session.refresh(admin)
    assert admin.role is Role.admin and admin.active


def test_admin_creates_user_who_is_invited(app, client, forms, create_user, login, outbox):
    login(create_user(role=Role.admin))
    response = forms.post("/admin/users/new", {
        "full_name": "Thabo Nkosi", "email": "thabo@example.za", "country": "ZA", "organisation": "DTIC",
        "sector": "government", "language": "fr", "timezone": "Africa/Johannesburg", "role": "participant",
        "coordinator_country": "",
    })
    assert response.status_code == 302
    user = db.session.execute(db.select(User).where(User.email == "thabo@example.za")).scalar_one()
    assert user.is_confirmed and user.created_by_admin and user.password_hash is None
    mail = outbox.last()
    assert mail["Content-Language"] == "fr" and "/password/reset/" in mail.get_body(("plain",)).get_content()


def test_role_change_forgery_by_coordinator_is_refused(app, forms, create_user, login):
    coordinator = create_user(role=Role.coordinator, country="CL")
    target = create_user(country="CL")
    login(coordinator)
    response = forms.post(f"/admin/users/{target.id}", {"role": "admin"}, page="/")
    assert response.status_code == 403
    db.session.refresh(target)
    assert target.role is Role.participant
