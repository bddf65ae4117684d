"""Who may have a certificate: a lecture attended by the programme's rule (at its edges, with rejoins), a replay
watched N % where the programme allows it (at N and just under; not at all where it does not), only once the
lecture is over; and programme certificates for all lectures or at least N of them."""

from datetime import timedelta

import pytest

from lecturehall.core.db import db
from lecturehall.modules.certificates import queries
from lecturehall.modules.certificates.models import ProgrammeRule
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.presence import operations as presence_operations
from lecturehall.modules.presence import tasks as presence_tasks
from tests.certificates.conftest import attend, watch_replay
from tests.presence.helpers import T0


def eligible(user, lecture) -> bool:
    return queries.lecture_eligibility(user.id, lecture).eligible


@pytest.mark.parametrize("minutes, expected", [(30, True), (29.75, False)])
def test_the_default_rule_at_its_edge(held_lecture, create_user, minutes, expected):
    """Half of the hour it was live: 30 minutes attends, one beat less does not."""
    lecture, viewer = held_lecture(), create_user()
    attend(lecture, viewer, minutes)
    assert eligible(viewer, lecture) is expected
    assert (lecture.id in queries.eligible_lecture_ids(viewer.id)) is expected


@pytest.mark.parametrize("minutes, expected", [(20, True), (19.75, False)])
def test_the_programmes_minutes_rule_at_its_edge(held_lecture, create_user, minutes, expected):
    lecture, viewer = held_lecture(), create_user()
    presence_operations.save_rule(lecture.programme_id, 20, None)
    db.session.commit()
    attend(lecture, viewer, minutes)
    assert eligible(viewer, lecture) is expected


def test_rejoins_add_up_and_tabs_count_once(held_lecture, create_user):
    """20 minutes, a 5-minute drop-out, 10 more: 30 minutes present over two sessions (attended); someone else
    with two tabs open for the same 20 minutes has 20 (not attended, not 40)."""
    lecture, rejoiner, two_tabs = held_lecture(), create_user(), create_user()
    attend(lecture, rejoiner, 20, session="first")
    attend(lecture, rejoiner, 10, start=T0 + timedelta(minutes=25), session="second", first_seq=1)
    attend(lecture, two_tabs, 20, session="tab-a")
    attend(lecture, two_tabs, 20, session="tab-b")
    assert eligible(rejoiner, lecture) is True
    assert eligible(two_tabs, lecture) is False


def test_a_lecture_still_live_or_cancelled_gives_no_certificate(held_lecture, create_user):
    lecture, viewer = held_lecture(), create_user()
    attend(lecture, viewer, 45)
    assert eligible(viewer, lecture)
    lecture.status = LectureStatus.live
    db.session.commit()
    assert not eligible(viewer, lecture) and queries.eligible_lecture_ids(viewer.id) == set()
    lecture.status = LectureStatus.cancelled
    db.session.commit()
    assert not eligible(viewer, lecture)


@pytest.mark.parametrize("watched_to, expected", [(540, True), (539, False)])
def test_replay_at_the_programmes_share_and_just_under(held_lecture, create_user, allow_replay, watched_to, expected):
    lecture, viewer = held_lecture(replay=600), create_user()
    allow_replay(lecture.programme_id, 90)
    # Watched in pieces, one minute twice: the union is what counts.
    watch_replay(lecture, viewer, [(0, 300), (240, 300), (300, watched_to)])
    result = queries.lecture_eligibility(viewer.id, lecture)
    assert result.eligible is expected
    assert result.by_replay is expected


def test_a_programme_that_does_not_allow_replays(held_lecture, create_user):
    lecture, viewer = held_lecture(replay=600), create_user()
    watch_replay(lecture, viewer, [(0, 600)])
    assert not eligible(viewer, lecture)


def test_attended_live_is_not_by_replay(held_lecture, create_user, allow_replay):
    lecture, viewer = held_lecture(replay=600), create_user()
    allow_replay(lecture.programme_id, 50)
    attend(lecture, viewer, 40)
    watch_replay(lecture, viewer, [(0, 600)])
    result = queries.lecture_eligibility(viewer.id, lecture)
    assert result.eligible and not result.by_replay


def _programme_of_three(held_lecture, create_programme):
    programme = create_programme()
    lectures = [held_lecture(f"Lecture {n}", programme=programme, start=T0 + timedelta(days=n), replay=600)
                for n in range(3)]
    return programme, lectures


def test_programme_certificates_all_lectures_or_at_least_n(held_lecture, create_programme, create_user,
                                                           allow_replay):
    programme, (first, second, third) = _programme_of_three(held_lecture, create_programme)
    everything, two_live, one_live_one_replay, none = (create_user() for _ in range(4))
    for lecture in (first, second, third):
        attend(lecture, everything, 35, start=T0 + timedelta(days=(lecture.id - first.id)))
    attend(first, two_live, 40)
    attend(second, two_live, 40, start=T0 + timedelta(days=1))
    attend(first, one_live_one_replay, 40)
    watch_replay(third, one_live_one_replay, [(0, 600)])
    attend(second, none, 5, start=T0 + timedelta(days=1))

    all_of_them = queries.programme_eligibility(programme.id, ProgrammeRule.all_lectures, None)
    assert all_of_them.held == 3 and all_of_them.needed == 3
    assert all_of_them.attended == {everything.id: 3}

    at_least_two = queries.programme_eligibility(programme.id, ProgrammeRule.at_least, 2)
    assert at_least_two.attended == {everything.id: 3, two_live.id: 2}  # the replay does not count: not allowed

    allow_replay(programme.id, 95)
    at_least_two = queries.programme_eligibility(programme.id, ProgrammeRule.at_least, 2)
    assert at_least_two.attended == {everything.id: 3, two_live.id: 2, one_live_one_replay.id: 2}

    # More lectures than were held: nobody qualifies (rather than everyone).
    assert queries.programme_eligibility(programme.id, ProgrammeRule.at_least, 4).attended == {}


def test_a_lecture_watched_live_and_by_replay_counts_once(held_lecture, create_programme, create_user, allow_replay):
    programme, (first, _second, _third) = _programme_of_three(held_lecture, create_programme)
    allow_replay(programme.id, 50)
    viewer = create_user()
    attend(first, viewer, 40)
    watch_replay(first, viewer, [(0, 600)])
    assert queries.programme_eligibility(programme.id, ProgrammeRule.at_least, 2).attended == {}
    assert queries.programme_eligibility(programme.id, ProgrammeRule.at_least, 1).attended == {viewer.id: 1}


def test_a_rule_change_is_followed(held_lecture, create_user):
    """Presence judges attendance again when the rule changes; eligibility follows."""
    lecture, viewer = held_lecture(), create_user()
    attend(lecture, viewer, 25)
    assert not eligible(viewer, lecture)
    presence_operations.save_rule(lecture.programme_id, None, 40)
    db.session.commit()
    presence_tasks.judge_lecture(lecture.id)
    db.session.commit()
    assert eligible(viewer, lecture)
