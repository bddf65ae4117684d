"""The feed every open page polls: the same answer for every viewer (public, micro-cacheable, no cookie), an ETag
from the lecture's version, 304 when nothing changed, and ``?since=N`` returning only the changes after N, removals
included, so a page that lost its connection catches up with its last version."""

from __future__ import annotations

from lecturehall.core.db import db
from lecturehall.modules.qa import operations
from lecturehall.modules.qa.models import QaMode
from tests.qa.conftest import feed_url


def test_conditional_polling_and_catching_up(live_lecture, person, app, create_programme):
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    asker, viewer, other = (person(registered_for=[lecture]) for _ in range(3))
    url = feed_url(viewer, lecture)
    assert feed_url(other, lecture) == url  # one address for everyone: a shared cache answers them all
    empty = viewer.get(url)
    assert empty.status_code == 200 and empty.json == {"version": 0, "full": True, "questions": []}
    assert empty.headers["Cache-Control"] == "public, max-age=1"
    # No cookie is set. (Flask-Login's after-request hook reads the session, so Flask adds "Vary: Cookie"; the
    # nginx micro-cache in the README ignores it, since the answer does not depend on the cookie: see below.)
    assert "Set-Cookie" not in empty.headers
    # Without any cookie (as nginx's cache may ask), the same answer.
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 200 and anonymous.json == empty.json
    assert app.test_client().get(url.replace("/feed/", "/feed/x")).status_code == 404
    assert app.test_client().get(f"/qa/lectures/{lecture.id + 1}/feed/{url.rsplit('/', 1)[1]}").status_code == 404

    first = asker.ask(lecture, "How are customs duties refunded on returns?").json["id"]
    second = asker.ask(lecture, "Which platform data do customs receive?").json["id"]
    organiser.moderate(first, "approve")
    snapshot = viewer.get(url)
    version = snapshot.json["version"]
    assert [item["id"] for item in snapshot.json["questions"]] == [first]
    assert snapshot.headers["ETag"] == f'"qa-{lecture.id}-{version}"'
    # Nothing new: 304, by ETag or by version.
    assert viewer.get(url, **{"If-None-Match": snapshot.headers["ETag"]}).status_code == 304
    unchanged = viewer.get(f"{url}?since={version}", **{"If-None-Match": snapshot.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == snapshot.headers["ETag"]
    assert unchanged.get_data() == b""
    # Asked without an ETag (a cache filling itself): an empty list, which the cache keeps and answers 304 from.
    empty_delta = viewer.get(f"{url}?since={version}")
    assert empty_delta.status_code == 200 and empty_delta.json == {"version": version, "full": False, "questions": []}

    # The viewer's connection drops; meanwhile a vote, an approval and a removal happen.
    other.vote(first)
    organiser.moderate(second, "approve")
    organiser.moderate(first, "hide")
    catch_up = viewer.get(f"{url}?since={version}", **{"If-None-Match": snapshot.headers["ETag"]})
    assert catch_up.status_code == 200
    body = catch_up.json
    assert body["full"] is False and body["version"] > version
    assert {item["id"]: item.get("removed", False) for item in body["questions"]} == {first: True, second: False}
    # Only what changed comes back: an older, untouched question does not.
    third = asker.ask(lecture, "Is there a simplified declaration for parcels?").json["id"]
    organiser.moderate(third, "approve")
    later = viewer.get(f"{url}?since={body['version']}").json
    assert [item["id"] for item in later["questions"]] == [third]
    # A version the lecture never had (an old page after a restore): the whole list again.
    again = viewer.get(f"{url}?since={later['version'] + 1000}").json
    assert again["full"] is True and {item["id"] for item in again["questions"]} == {second, third}
    assert viewer.get(f"{url}?since=abc").json["full"] is True


def test_the_personal_part_answers_304_until_something_changes(live_lecture, person):
    lecture = live_lecture()
    operations.qa_lecture(lecture.id).mode = QaMode.open
    db.session.commit()
    asker, voter = person(registered_for=[lecture]), person(registered_for=[lecture])
    question_id = asker.ask(lecture).json["id"]
    first = voter.me(lecture)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    assert voter.me(lecture, **{"If-None-Match": first.headers["ETag"]}).status_code == 304
    voter.vote(question_id)
    changed = voter.me(lecture, **{"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["votes"] == [question_id]
    # Another person's ETag is not this one's.
    assert asker.me(lecture, **{"If-None-Match": changed.headers["ETag"]}).status_code == 200
