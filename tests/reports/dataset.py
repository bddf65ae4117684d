"""A small programme whose figures are worked out by hand (see the comments), built through the real paths: raw
heartbeats stored by the writer and compacted by the worker's task, registrations as rows, an account deleted by
its operation. Period: May 2030; the period before it holds one lecture (April).

Lectures: L0 (10 Apr, programme A), L1 (5 May, programme A, default rule: 50 % of its 60 live minutes), L2 (20 May,
programme B, rule: at least 20 minutes). Replay of L1: 600 s.

People (declared / network):
  u1 CL/CL government "Ministry of Trade": L0 45 min; L1 30 min exactly (attended at the edge); L2 20 min exactly.
  u2 PE/AR enterprise: L1 29.75 min (not attended, one beat short); L2 19.75 min (not attended); replay 60 s on 6 May.
  u3 CL/CL academia: L1 rejoins 0-20 and 25-40 min (35 min, attended), audio-only and French interpretation.
  u4 PE other: registered for L1, never came (no-show); waiting list of L2.
  u5 CL/CL: L1 40 min, then deletes the account (still counted by country, never named).
  u6 MX/US: replay 20 s on 7 May (not a view), 30 s on 8 May (a view).
  anonymous browser "anon-live" (network BR): L1 live 10 min; "anon-replay" (BR): replay 40 s on 9 May.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Sector
from lecturehall.modules.media.models import Replay
from lecturehall.modules.presence import tasks as presence_tasks
from lecturehall.modules.presence.models import AttendanceRule, LiveInterval
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports.scope import Filters
from tests.presence.helpers import live_session, raw_beat, store

UTC = timezone.utc
MAY = Filters(date(2030, 5, 1), date(2030, 5, 31))
L0_START = datetime(2030, 4, 10, 10, 0, tzinfo=UTC)
L1_START = datetime(2030, 5, 5, 10, 0, tzinfo=UTC)
L2_START = datetime(2030, 5, 20, 10, 0, tzinfo=UTC)


@dataclass
class Dataset:
    programme_a: object
    programme_b: object
    l0: object
    l1: object
    l2: object
    users: dict


def build(create_user, create_lecture, create_programme, organiser=None) -> Dataset:
    programme_a = create_programme("Cloud Lecture Hall: digital trade 2030", organisers=[organiser] if organiser
                                   else [])
    programme_b = create_programme("E-commerce for small producers 2030")
    db.session.add(AttendanceRule(programme_id=programme_b.id, min_minutes=20))
    lectures = {}
    for name, start, programme in (("l0", L0_START, programme_a), ("l1", L1_START, programme_a),
                                   ("l2", L2_START, programme_b)):
        lectures[name] = create_lecture(f"Lecture {name.upper()}: cross-border payments", starts_at=start,
                                        timezone="UTC", duration=60, programme=programme)
        db.session.add(LiveInterval(lecture_id=lectures[name].id, started_at=start,
                                    ended_at=start + timedelta(hours=1)))
    l0, l1, l2 = lectures["l0"], lectures["l1"], lectures["l2"]
    db.session.add(Replay(lecture_id=l1.id, directory=f"replays/{l1.id}/v1", duration=600.0))
    users = {
        "u1": create_user("u1@example.org", country="CL", full_name="Ana Rojas", sector=Sector.government,
                          organisation="Ministry of Trade"),
        "u2": create_user("u2@example.org", country="PE", full_name="Bruno Quispe", sector=Sector.enterprise,
                          organisation="=HYPERLINK(\"http://evil.example\")"),
        "u3": create_user("u3@example.org", country="CL", full_name="Carla Soto", sector=Sector.academia,
                          organisation="Universidad de Chile"),
        "u4": create_user("u4@example.org", country="PE", full_name="Diego Mamani", sector=Sector.other,
                          organisation="Cooperativa Andina"),
        "u5": create_user("u5@example.org", country="CL", full_name="Elena Deleted", sector=Sector.government,
                          organisation="Ministry of Trade"),
        "u6": create_user("u6@example.org", country="MX", full_name="Félix Ortega", sector=Sector.enterprise,
                          organisation="Exportadora del Norte"),
    }
    u = users
    for lecture, user, status in ((l0, "u1", RegistrationStatus.registered), (l1, "u1", RegistrationStatus.registered),
                                  (l1, "u2", RegistrationStatus.registered), (l1, "u3", RegistrationStatus.registered),
                                  (l1, "u4", RegistrationStatus.registered), (l1, "u5", RegistrationStatus.registered),
                                  (l2, "u1", RegistrationStatus.registered), (l2, "u2", RegistrationStatus.registered),
                                  (l2, "u4", RegistrationStatus.waitlisted)):
        db.session.add(Registration(lecture_id=lecture.id, user_id=u[user].id, status=status,
                                    registered_at=lecture.starts_at - timedelta(days=3)))
    db.session.commit()

    beats = []
    beats += live_session(l0, u["u1"], L0_START, 45, session="u1-l0", country="CL")
    beats += live_session(l1, u["u1"], L1_START, 30, session="u1-l1", country="CL")
    beats += live_session(l1, u["u2"], L1_START, 29.75, session="u2-l1", country="AR")
    beats += live_session(l1, u["u3"], L1_START, 20, session="u3-l1-a", country="CL", audio_only=True)
    beats += live_session(l1, u["u3"], L1_START + timedelta(minutes=25), 15, session="u3-l1-b", country="CL",
                          language="fr")
    beats += live_session(l1, u["u5"], L1_START, 40, session="u5-l1", country="CL")
    beats += live_session(l1, None, L1_START, 10, session="anon-l1", browser="anon-live", country="BR")
    beats += live_session(l2, u["u1"], L2_START, 20, session="u1-l2", country="CL")
    beats += live_session(l2, u["u2"], L2_START, 19.75, session="u2-l2", country="AR")
    replay_day = datetime(2030, 5, 6, 12, 0, tzinfo=UTC)
    beats.append(raw_beat(l1, 1, replay_day, session="u2-r", user=u["u2"], live=False, pos=(0, 60), country="AR"))
    beats.append(raw_beat(l1, 1, replay_day + timedelta(days=1), session="u6-r1", user=u["u6"], live=False,
                          pos=(0, 20), country="US"))
    beats.append(raw_beat(l1, 1, replay_day + timedelta(days=2), session="u6-r2", user=u["u6"], live=False,
                          pos=(20, 50), country="US"))
    beats.append(raw_beat(l1, 1, replay_day + timedelta(days=3), session="anon-r", browser="anon-replay",
                          live=False, pos=(0, 40), country="BR"))
    store(beats)
    presence_tasks.compact_beats()
    accounts.delete_account(u["u5"])
    db.session.commit()
    return Dataset(programme_a, programme_b, l0, l1, l2, users)
