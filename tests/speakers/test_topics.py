"""Topic tags: a slug and a name in each interface language (English required), kept by admins and organisers."""

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.speakers.models import Tag
from lecturehall.modules.speakers import operations
from tests.factories import make_programme

NO_NAMES = {f"name_{code}": "" for code in ("en", "zh", "fr", "es", "ru", "ar")}


def _tags() -> list[Tag]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(Tag).order_by(Tag.id)).scalars())


def _make_tag(slug: str, **names) -> Tag:
    tag = operations.create_tag(slug, names)
    db.session.commit()
    return tag


def test_admin_creates_and_edits_a_topic(client, forms, create_user, login):
    login(create_user(role=Role.admin))
    page = client.get("/manage/topics/new").get_data(as_text=True)
    for code in ("en", "zh", "fr", "es", "ru", "ar"):
        assert f'name="name_{code}"' in page
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    response = forms.post("/manage/topics/new", {
        **NO_NAMES, "slug": "live-commerce", "name_en": " Live-stream selling ", "name_zh": "直播带货",
        "name_ar": "البيع عبر البث المباشر",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    [tag] = _tags()
    assert tag.slug == "live-commerce"
    assert tag.names == {"en": "Live-stream selling", "zh": "直播带货", "ar": "البيع عبر البث المباشر"}
    assert "Live-stream selling" in client.get("/manage/topics/").get_data(as_text=True)

    page = f"/manage/topics/{tag.id}"
    assert "直播带货" in client.get(page).get_data(as_text=True)
    response = forms.post(page, {**NO_NAMES, "slug": "e-commerce-live", "name_en": "Live selling",
                                 "name_fr": "Vente en direct"})
    assert response.status_code == 302
    [tag] = _tags()
    assert tag.slug == "e-commerce-live"
    assert tag.names == {"en": "Live selling", "fr": "Vente en direct"}


def test_list_shows_names_in_the_viewers_language(client, create_user, login):
    _make_tag("cloud", en="Cloud computing", fr="Informatique en nuage")
    _make_tag("logistics", en="Logistics")
    login(create_user(role=Role.admin, language="fr"))
    body = client.get("/manage/topics/").get_data(as_text=True)
    assert "Informatique en nuage" in body and "Cloud computing" not in body
    assert "Logistics" in body  # no French name: the English one stands in


def test_english_name_is_required(client, forms, create_user, login):
    login(create_user(role=Role.admin))
    response = forms.post("/manage/topics/new", {**NO_NAMES, "slug": "cloud", "name_fr": "Nuage"})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert _tags() == []


@pytest.mark.parametrize("slug", ["Cloud", "cloud computing", "cloud_computing", "-cloud", "cloud--x", "nube-ñ"])
def test_malformed_slug_is_refused(client, forms, create_user, login, slug):
    login(create_user(role=Role.admin))
    response = forms.post("/manage/topics/new", {**NO_NAMES, "slug": slug, "name_en": "Cloud"})
    assert response.status_code == 422
    assert "Use only lowercase letters, digits and single hyphens" in response.get_data(as_text=True)
    assert _tags() == []


def test_duplicate_slug_is_refused_with_a_clear_error(client, forms, create_user, login):
    login(create_user(role=Role.admin))
    cloud = _make_tag("cloud", en="Cloud computing")
    trade = _make_tag("trade", en="Trade")
    response = forms.post("/manage/topics/new", {**NO_NAMES, "slug": "cloud", "name_en": "Clouds again"})
    assert response.status_code == 422
    assert "A topic with this short name exists already" in response.get_data(as_text=True)
    response = forms.post(f"/manage/topics/{trade.id}", {**NO_NAMES, "slug": "cloud", "name_en": "Trade"})
    assert response.status_code == 422
    assert "A topic with this short name exists already" in response.get_data(as_text=True)
    assert [(t.id, t.slug, t.names) for t in _tags()] == [
        (cloud.id, "cloud", {"en": "Cloud computing"}), (trade.id, "trade", {"en": "Trade"})]


def test_organiser_manages_topics(client, forms, create_user, login):
    organiser = create_user(role=Role.coordinator)
    make_programme(organisers=[organiser])
    login(organiser)
    assert client.get("/manage/topics/").status_code == 200
    response = forms.post("/manage/topics/new", {**NO_NAMES, "slug": "payments", "name_en": "Payments"})
    assert response.status_code == 302
    assert [t.slug for t in _tags()] == ["payments"]


def test_participant_is_refused(client, forms, create_user, login):
    tag = _make_tag("cloud", en="Cloud computing")
    login(create_user())
    for url in ("/manage/topics/", "/manage/topics/new", f"/manage/topics/{tag.id}"):
        assert client.get(url).status_code == 403, url
    response = forms.post(f"/manage/topics/{tag.id}", {**NO_NAMES, "slug": "mine", "name_en": "Mine"}, page="/")
    assert response.status_code == 403
    assert _tags()[0].slug == "cloud"


def test_csrf_token_is_required(client, create_user, login):
    login(create_user(role=Role.admin))
    response = client.post("/manage/topics/new", data={**NO_NAMES, "slug": "cloud", "name_en": "Cloud"})
    assert response.status_code == 400
    assert _tags() == []
