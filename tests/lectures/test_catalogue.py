"""The catalogue and the lecture page: sections, filters, search in every language, visibility, languages."""

from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import LectureStatus, Visibility


def test_catalogue_lists_upcoming_and_searches_translations(app, client, create_lecture):
    lecture = create_lecture("Live-stream selling for farmers", summary="Sell fruit online")
    create_lecture("Logistics and payments")
    operations.save_translation(lecture, "zh", "面向农民的直播带货", "在线销售水果", "", None)
    db.session.commit()
    body = client.get("/lectures").get_data(as_text=True)
    assert "Live-stream selling for farmers" in body and "Logistics and payments" in body
    body = client.get("/lectures?q=直播").get_data(as_text=True)
    assert "Live-stream selling for farmers" in body and "Logistics and payments" not in body
    body = client.get("/lectures?q=直播", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "面向农民的直播带货" in body
    body = client.get("/lectures?q=FRUIT").get_data(as_text=True)
    assert "Live-stream selling for farmers" in body


def test_drafts_and_restricted_lectures_are_hidden(app, client, create_lecture, create_user, login):
    create_lecture("A draft lecture", publish=False)
    restricted = create_lecture("Only for Chile", visibility=Visibility.countries, countries=["CL"])
    members = create_lecture("Members only", visibility=Visibility.registered)
    body = client.get("/lectures").get_data(as_text=True)
    assert "A draft lecture" not in body and "Only for Chile" not in body and "Members only" not in body
    assert client.get(f"/lectures/{restricted.id}").status_code == 302  # log in first
    login(create_user(country="RW"))
    body = client.get("/lectures").get_data(as_text=True)
    assert "Members only" in body and "Only for Chile" not in body
    assert client.get(f"/lectures/{restricted.id}").status_code == 404
    assert client.get(f"/lectures/{members.id}").status_code == 200


def test_country_restricted_lecture_for_its_country(app, client, create_lecture, create_user, login):
    restricted = create_lecture("Only for Chile", visibility=Visibility.countries, countries=["CL"])
    login(create_user(country="CL"))
    assert client.get(f"/lectures/{restricted.id}").status_code == 200
    assert "Only for Chile" in client.get("/lectures").get_data(as_text=True)


def test_sections_follow_status(app, client, create_lecture):
    live = create_lecture("Happening now", starts_at=utcnow() - timedelta(minutes=10))
    operations.set_status(live, LectureStatus.live, None)
    past = create_lecture("Last month", starts_at=utcnow() - timedelta(days=30))
    operations.set_status(past, LectureStatus.ended, None)
    db.session.commit()
    assert "Happening now" in client.get("/lectures?section=live").get_data(as_text=True)
    body = client.get("/lectures?section=past").get_data(as_text=True)
    assert "Last month" in body and "Happening now" not in body
    home = client.get("/lectures").get_data(as_text=True)
    assert "Happening now" in home  # the "live now" strip


def test_lecture_page_in_viewer_language_with_fallback_notice(app, client, create_lecture):
    lecture = create_lecture("Bringing agricultural specialties online")
    operations.save_translation(lecture, "fr", "Mettre les spécialités agricoles en ligne", "", "", None)
    db.session.commit()
    body = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Mettre les spécialités agricoles en ligne" in body
    body = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Bringing agricultural specialties online" in body
    assert 'class="notice"' in body


def test_filters_by_programme_language_and_date(app, client, create_lecture, create_programme):
    other = create_programme("ASEAN series")
    create_lecture("In Spanish", original_language="es", starts_at=utcnow() + timedelta(days=3))
    create_lecture("In the ASEAN series", programme=other, starts_at=utcnow() + timedelta(days=40))
    body = client.get(f"/lectures?programme={other.id}").get_data(as_text=True)
    assert "In the ASEAN series" in body and "In Spanish" not in body
    body = client.get("/lectures?language=es").get_data(as_text=True)
    assert "In Spanish" in body and "In the ASEAN series" not in body
    until = (utcnow() + timedelta(days=10)).date().isoformat()
    body = client.get(f"/lectures?date_to={until}").get_data(as_text=True)
    assert "In Spanish" in body and "In the ASEAN series" not in body


def test_filters_fold_unless_one_is_in_use(app, client, create_lecture):
    """On a phone the filters sit behind "Filter" (a <details>, see the browser test); a filter in use opens it and
    says how many are in use, in the viewer's language."""
    create_lecture("Paperless trade")
    body = client.get("/lectures").get_data(as_text=True)
    assert '<details class="filter-panel" data-open-wide>' in body and "in use" not in body
    body = client.get("/lectures?q=paper&language=en").get_data(as_text=True)
    assert '<details class="filter-panel" data-open-wide open>' in body
    assert '<span class="badge">2 in use</span>' in body
    body = client.get("/lectures?q=paper", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert '<span class="badge">1 项已启用</span>' in body
