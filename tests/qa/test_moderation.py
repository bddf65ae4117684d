"""Moderation: only moderators (admins, organisers of the programme, people organisers named) moderate; approve,
hide, pin, merge with votes carried over, answered live or in writing, bans; every action logged; the queue shows
who asked anonymous questions; organisers name moderators and the mode on the settings page."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.qa import operations, queries
from lecturehall.modules.qa.models import ModerationEntry, QaMode, Question, QuestionState, QuestionVote
from tests.conftest import csrf_token_from
from tests.qa.conftest import feed_url


def _reload(question_id: int) -> Question:
    db.session.expire_all()
    return db.session.get(Question, question_id)


def test_only_moderators_moderate(live_lecture, person, create_programme, create_lecture):
    organiser = person("organiser@example.org")
    named = person("named@example.org")
    coordinator = person("coordinator@example.org", role=Role.coordinator)
    programme = create_programme(organisers=[organiser.user])
    lecture = live_lecture(programme=programme)
    asker, bystander = person(registered_for=[lecture]), person(registered_for=[lecture])
    question_id = asker.ask(lecture).json["id"]
    for outsider in (asker, bystander, coordinator, named):
        response = outsider.moderate(question_id, "approve")
        assert response.status_code == 403 and response.json["code"] == "not_moderator", outsider.user.email
        assert outsider.post(f"/qa/lectures/{lecture.id}/bans", {"user_id": asker.id}).status_code == 403
    assert named.client.get(f"/manage/lectures/{lecture.id}/qa").status_code == 403
    assert _reload(question_id).state is QuestionState.pending
    # The organiser names a moderator on the settings page (and makes the Q&A open).
    page = organiser.client.get(f"/manage/lectures/{lecture.id}/qa")
    assert page.status_code == 200
    response = organiser.client.post(f"/manage/lectures/{lecture.id}/qa", data={
        "csrf_token": csrf_token_from(page.get_data(as_text=True)), "mode": "open",
        "moderators": "NAMED@example.org\nnobody@example.org"})
    assert response.status_code == 422 and "nobody@example.org" in response.get_data(as_text=True)
    response = organiser.client.post(f"/manage/lectures/{lecture.id}/qa", data={
        "csrf_token": csrf_token_from(page.get_data(as_text=True)), "mode": "open",
        "moderators": "NAMED@example.org"})
    assert response.status_code == 302
    assert [user.id for user in queries.moderators(lecture.id)] == [named.id]
    assert queries.mode_of(lecture.id) is QaMode.open
    assert named.me(lecture).json["moderator"] is True
    assert named.moderate(question_id, "approve").status_code == 200
    assert _reload(question_id).state is QuestionState.approved
    # A moderator of this lecture is nobody's moderator elsewhere.
    other = live_lecture("Another programme's lecture", programme=create_programme())
    elsewhere_id = person(registered_for=[other]).ask(other).json["id"]
    assert named.moderate(elsewhere_id, "hide").status_code == 403
    assert organiser.moderate(elsewhere_id, "hide").status_code == 403
    log = db.session.execute(sa.select(ModerationEntry.action, ModerationEntry.actor_id).where(
        ModerationEntry.lecture_id == lecture.id).order_by(ModerationEntry.id)).all()
    assert [(action.value, actor) for action, actor in log] == [
        ("mode", organiser.id), ("moderators", organiser.id), ("approve", named.id)]
    settings = organiser.client.get(f"/manage/lectures/{lecture.id}/qa").get_data(as_text=True)
    assert "Moderation log" in settings and f"#{question_id}" in settings


def test_premoderation_queue_pin_hide_answer(live_lecture, person, create_programme):
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    asker, viewer = person(registered_for=[lecture]), person(registered_for=[lecture])
    first = asker.ask(lecture, "Which documents does the importer need for a return?").json["id"]
    second = asker.ask(lecture, "¿Cómo se calculan los aranceles de las devoluciones?").json["id"]
    queue = organiser.me(lecture).json["queue"]
    assert [item["id"] for item in queue] == [second, first]  # newest first
    assert [item["other_language"] for item in queue] == [True, False]
    assert queue[0]["language"] == "es" and queue[0]["state"] == "pending"
    assert viewer.get(feed_url(viewer, lecture)).json["questions"] == []
    assert organiser.moderate(first, "approve").status_code == 200
    assert organiser.moderate(second, "pin").status_code == 200  # pinning shows it
    items = {item["id"]: item for item in viewer.get(feed_url(viewer, lecture)).json["questions"]}
    assert set(items) == {first, second} and items[second]["pinned"] is True
    assert organiser.moderate(first, "answer_live").status_code == 200
    written = organiser.moderate(second, "answer_written", text="Se calculan sobre el valor declarado.")
    assert written.status_code == 200
    too_long = organiser.moderate(second, "answer_written", text="x" * 2001)
    assert too_long.status_code == 422 and "2000" in too_long.json["error"]
    items = {item["id"]: item for item in viewer.get(feed_url(viewer, lecture)).json["questions"]}
    assert items[first]["answered"] == "live"
    assert items[second]["answered"] == "written" and items[second]["answer"] == "Se calculan sobre el valor declarado."
    assert organiser.moderate(first, "hide").status_code == 200
    assert [item["id"] for item in viewer.get(feed_url(viewer, lecture)).json["questions"]] == [second]
    mine = asker.me(lecture).json["mine"]
    assert [(item["id"], item["state"]) for item in mine] == [(first, "hidden")]
    assert organiser.moderate(first, "explode").status_code == 400


def test_merge_carries_votes_over(live_lecture, person, create_programme):
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    operations.qa_lecture(lecture.id).mode = QaMode.open
    db.session.commit()
    a, b, c, d = (person(registered_for=[lecture]) for _ in range(4))
    target = a.ask(lecture, "How are customs duties refunded on returns?").json["id"]
    duplicate = b.ask(lecture, "Do we get the duties back when goods are returned?").json["id"]
    assert c.vote(target).status_code == 200
    assert c.vote(duplicate).status_code == 200  # c voted for both: counts once
    assert d.vote(duplicate).status_code == 200
    assert a.vote(duplicate).status_code == 200  # the target's author: not a vote for their own question
    response = organiser.moderate(duplicate, "merge", into=target)
    assert response.status_code == 200, response.json
    merged, kept = _reload(duplicate), _reload(target)
    assert merged.merged_into_id == target and merged.state is QuestionState.hidden
    voters = set(db.session.execute(sa.select(QuestionVote.user_id).where(
        QuestionVote.question_id == target)).scalars())
    assert voters == {b.id, c.id, d.id} and kept.vote_count == 3
    items = c.get(feed_url(c, lecture)).json["questions"]
    assert [(item["id"], item["votes"]) for item in items] == [(target, 3)]
    assert [item["id"] for item in organiser.me(lecture).json["queue"]] == [target]
    bad = organiser.moderate(target, "merge", into=target)
    assert bad.status_code == 422 and bad.json["code"] == "bad_merge"
    assert organiser.moderate(target, "merge", into=999999).status_code == 422
    assert b.vote(duplicate).status_code == 409  # merged away: no votes


def test_anonymous_to_participants_not_to_moderators(live_lecture, person, create_programme):
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    asker = person(registered_for=[lecture], full_name="Amina Diallo", country="SN")
    viewer = person(registered_for=[lecture])
    hidden_id = asker.ask(lecture, "May I ask anonymously about informal cross-border trade?", anonymous=True).json["id"]
    named_id = asker.ask(lecture, "And with my name?").json["id"]
    for question_id in (hidden_id, named_id):
        organiser.moderate(question_id, "approve")
    items = {item["id"]: item for item in viewer.get(feed_url(viewer, lecture)).json["questions"]}
    assert items[hidden_id]["author"] is None and items[hidden_id]["country"] is None
    assert items[named_id]["author"] == "Amina Diallo" and items[named_id]["country"] == "SN"
    feed_text = viewer.get(feed_url(viewer, lecture)).get_data(as_text=True)
    assert feed_text.count("Amina Diallo") == 1
    queue = {item["id"]: item for item in organiser.me(lecture).json["queue"]}
    assert queue[hidden_id]["author"] == "Amina Diallo" and queue[hidden_id]["anonymous"] is True
    assert queue[hidden_id]["author_id"] == asker.id


def test_after_the_live_the_approved_questions_stay(live_lecture, person, create_programme):
    from lecturehall.modules.lectures import operations as lectures
    from lecturehall.modules.lectures.models import LectureStatus
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    asker, later = person(registered_for=[lecture]), person(registered_for=[lecture])
    kept = asker.ask(lecture, "What is the de minimis threshold in Chile?").json["id"]
    waiting = asker.ask(lecture, "A question nobody approved").json["id"]
    anonymous = asker.ask(lecture, "An anonymous but approved question", anonymous=True).json["id"]
    organiser.moderate(kept, "answer_written", text="USD 41 for most goods bought online.")
    organiser.moderate(anonymous, "approve")
    lectures.set_status(lecture, LectureStatus.ended, None)
    db.session.commit()
    page = later.page(lecture)
    assert "Questions and answers" in page and "qa-config" not in page
    assert "What is the de minimis threshold in Chile?" in page and "USD 41 for most goods bought online." in page
    assert "A question nobody approved" not in page and "An anonymous but approved question" in page
    # The organiser can still answer in writing after the live.
    assert "qa-config" in organiser.page(lecture)
    assert organiser.moderate(anonymous, "answer_written", text="Answered after the lecture.").status_code == 200
    rows = queries.report_rows(lecture.id)
    assert [(row.question_id, row.answered) for row in rows] == [(kept, "written"), (anonymous, "written")]
    assert rows[1].author_name is None and rows[0].author_name == asker.user.full_name
    assert queries.report_rows(lecture.id, with_names=True)[1].author_name == asker.user.full_name
    assert waiting not in [row.question_id for row in rows]


def test_bans_are_listed_and_lifted_on_the_settings_page(live_lecture, person, create_programme):
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    asker = person(registered_for=[lecture], full_name="Tomás Rivera")
    asker.ask(lecture)
    assert organiser.post(f"/qa/lectures/{lecture.id}/bans", {"user_id": asker.id}).status_code == 200
    assert organiser.post(f"/qa/lectures/{lecture.id}/bans", {"user_id": organiser.id}).status_code == 400
    assert organiser.post(f"/qa/lectures/{lecture.id}/bans", {"user_id": 999999}).status_code == 404
    assert asker.ask(lecture).json["code"] == "banned"
    page = organiser.client.get(f"/manage/lectures/{lecture.id}/qa").get_data(as_text=True)
    assert "Tomás Rivera" in page
    unban = f"/manage/lectures/{lecture.id}/qa/bans/{asker.id}/unban"
    assert asker.client.post(unban, data={"csrf_token": asker.csrf}).status_code == 403
    response = organiser.client.post(unban, data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert asker.ask(lecture, "Back again: may I ask about de minimis?").status_code == 201
    actions = [entry.action.value for entry in queries.moderation_log(lecture.id)]
    assert actions == ["unban", "ban"]
