"""Participants ask and vote: only registered participants of the lecture, not banned ones, within the limits
(length, rate), plain text kept as text; pre-moderated and open lectures; one vote per person."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.qa import operations
from lecturehall.modules.qa.models import QaMode, Question, QuestionState, QuestionVote
from tests.qa.conftest import Person, feed_url


def _question(question_id: int) -> Question:
    db.session.expire_all()
    return db.session.get(Question, question_id)


def test_a_registered_participant_asks_and_sees_it_as_waiting(live_lecture, person):
    lecture = live_lecture()
    asker = person(registered_for=[lecture])
    response = asker.ask(lecture, "  How are returns handled at customs?\r\n\r\n\r\n\r\nThanks.  ")
    assert response.status_code == 201, response.json
    assert response.json["state"] == "pending"
    question = _question(response.json["id"])
    assert question.text == "How are returns handled at customs?\n\nThanks."
    assert question.state is QuestionState.pending and question.author_id == asker.id
    mine = asker.me(lecture).json
    assert [item["id"] for item in mine["mine"]] == [question.id]
    assert mine["mine"][0]["state"] == "pending" and mine["may_ask"] is True and mine["moderator"] is False
    assert "queue" not in mine
    # Others do not see a question waiting for a moderator.
    feed = asker.get(feed_url(asker, lecture)).json
    assert feed["questions"] == [] and feed["full"] is True


def test_who_may_not_ask(live_lecture, person, app):
    lecture, other = live_lecture(), live_lecture("Digital payments for small exporters")
    elsewhere = person(registered_for=[other])
    response = elsewhere.ask(lecture)
    assert response.status_code == 403
    assert response.json["code"] == "not_registered"
    assert response.json["error"] == "Only participants registered for this lecture can ask and vote."
    assert elsewhere.me(lecture).status_code == 403  # nor read the personal part
    visitor = app.test_client()
    response = visitor.post(f"/qa/lectures/{lecture.id}/questions", json={"text": "hello"},
                            headers={"Accept": "application/json"})
    assert response.status_code in (400, 401)  # no session: CSRF or login refuses it first
    assert db.session.execute(sa.select(sa.func.count(Question.id))).scalar_one() == 0


def test_a_banned_participant_cannot_ask_or_vote(live_lecture, person, create_user):
    lecture = live_lecture()
    asker, voter = person(registered_for=[lecture]), person(registered_for=[lecture])
    question_id = asker.ask(lecture).json["id"]
    admin = db.session.execute(sa.select(type(asker.user)).where(
        type(asker.user).role == Role.admin)).scalars().first()
    moderator = Person(asker.app, admin)
    assert moderator.moderate(question_id, "approve").status_code == 200
    response = moderator.post(f"/qa/lectures/{lecture.id}/bans", {"user_id": voter.id})
    assert response.status_code == 200, response.json
    refused = voter.ask(lecture)
    assert refused.status_code == 403 and refused.json["code"] == "banned"
    assert "stopped you from asking" in refused.json["error"]
    assert voter.vote(question_id).status_code == 403
    assert voter.me(lecture).json["may_ask"] is False
    assert "stopped you from asking" in voter.page(lecture)
    # Unbanned, they may again.
    assert moderator.post(f"/qa/lectures/{lecture.id}/bans", {"user_id": voter.id, "banned": False}).status_code == 200
    assert voter.vote(question_id).status_code == 200


def test_limits_each_with_a_clear_error(make_app, create_lecture, create_user):
    app = make_app(QA_ASK_RATE_LIMIT="3 per minute")
    with app.app_context():
        from lecturehall.modules.lectures import operations as lectures
        from lecturehall.modules.lectures.models import LectureStatus
        from lecturehall.modules.registrations import operations as registrations
        lecture = create_lecture()
        lectures.set_status(lecture, LectureStatus.live, None)
        user = create_user()
        registrations.register(lecture.id, user)
        db.session.commit()
        asker = Person(app, user)
        too_long = asker.ask(lecture, "x" * 501)
        assert too_long.status_code == 422 and too_long.json["error"] == \
            "A question can be at most 500 characters long."
        empty = asker.ask(lecture, " \n\u200b ")
        assert empty.status_code == 422 and empty.json["error"] == "Write your question first."
        assert asker.ask(lecture, "é" * 500).status_code == 201  # 500 characters, whatever the bytes
        assert asker.ask(lecture).status_code == 201
        assert asker.ask(lecture).status_code == 201
        limited = asker.ask(lecture)
        assert limited.status_code == 429
        assert limited.json["error"] == "You are asking too quickly. Wait a minute, then try again."
        no_csrf = asker.post(f"/qa/lectures/{lecture.id}/questions", {"text": "hi"}, csrf=False)
        assert no_csrf.status_code == 400 and "error" in no_csrf.json
        assert db.session.execute(sa.select(sa.func.count(Question.id))).scalar_one() == 3


def test_errors_are_in_the_viewers_language(live_lecture, person):
    lecture = live_lecture()
    asker = person(registered_for=[lecture], language="fr")
    response = asker.ask(lecture, "x" * 501)
    assert response.status_code == 422
    assert response.json["error"] == "Une question peut compter au plus 500 caractères."


def test_html_is_kept_as_text(live_lecture, person):
    lecture = live_lecture()
    asker = person(registered_for=[lecture])
    operations.qa_lecture(lecture.id).mode = QaMode.open
    db.session.commit()
    text = '<b>Bold?</b> <script>alert(1)</script> <a href="https://evil.example">link</a>'
    question_id = asker.ask(lecture, text).json["id"]
    item = asker.get(feed_url(asker, lecture)).json["questions"][0]
    assert item["id"] == question_id and item["text"] == text  # as typed; the script sets it as text
    from lecturehall.modules.lectures.models import LectureStatus
    from lecturehall.modules.lectures import operations as lectures
    lectures.set_status(lecture, LectureStatus.ended, None)
    db.session.commit()
    page = asker.page(lecture)
    assert "&lt;b&gt;Bold?&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://evil.example"' not in page and "<b>Bold?" not in page


def test_open_mode_shows_at_once_and_votes_count_once(live_lecture, person):
    lecture = live_lecture()
    operations.qa_lecture(lecture.id).mode = QaMode.open
    db.session.commit()
    asker, voter = person(registered_for=[lecture]), person(registered_for=[lecture])
    response = asker.ask(lecture)
    assert response.json["state"] == "approved"
    question_id = response.json["id"]
    assert [q["id"] for q in voter.get(feed_url(voter, lecture)).json["questions"]] == [question_id]
    first = voter.vote(question_id)
    assert first.status_code == 200 and first.json["changed"] is True and first.json["votes"] == 1
    again = voter.vote(question_id)
    assert again.status_code == 200 and again.json["changed"] is False and again.json["votes"] == 1
    assert voter.me(lecture).json["votes"] == [question_id]
    own = asker.vote(question_id)
    assert own.status_code == 409 and own.json["code"] == "own_question"
    assert _question(question_id).vote_count == 1
    # The database holds the rule too, whatever requests race.
    db.session.add(QuestionVote(question_id=question_id, user_id=voter.id))
    try:
        db.session.flush()
        raise AssertionError("a second vote was stored")
    except IntegrityError:
        db.session.rollback()
    withdrawn = voter.vote(question_id, up=False)
    assert withdrawn.json == {"ok": True, "changed": True, "votes": 0, "version": withdrawn.json["version"]}
    assert voter.me(lecture).json["votes"] == []


def test_questions_open_shortly_before_the_start_only(create_lecture, person):
    from datetime import timedelta
    from lecturehall.core.db import utcnow
    later = create_lecture("Trade facilitation next week")
    soon = create_lecture("Trade facilitation soon", starts_at=utcnow() + timedelta(minutes=10))
    asker = person(registered_for=[later, soon])
    closed = asker.ask(later)
    assert closed.status_code == 409 and closed.json["code"] == "closed"
    assert "qa-config" not in asker.page(later)
    assert asker.ask(soon).status_code == 201
    assert asker.config(soon)["mayAsk"] is True


def test_a_question_in_another_language_is_marked(live_lecture, person):
    lecture = live_lecture()
    asker = person(registered_for=[lecture], language="zh")
    question_id = asker.ask(lecture, "请问跨境电商退货时海关如何处理关税退还？").json["id"]
    question = _question(question_id)
    assert question.language == "zh" and question.language_detected
    english = asker.ask(lecture, "Which documents does the importer need for a return?").json["id"]
    assert _question(english).language == "en"
    short = asker.ask(lecture, "Why?").json["id"]  # too short to tell: the author's language
    assert _question(short).language == "zh" and not _question(short).language_detected
