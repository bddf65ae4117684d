"""The lecture report lists the questions kept from its live Q&A (approved ones, anonymous askers unnamed, a
coordinator's only from their country) and exports them; the participants table counts each person's certificates,
on the page and in the export alike."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.certificates import operations as certificates
from lecturehall.modules.qa.models import AnswerKind, Question, QuestionState
from lecturehall.modules.registrations.models import Registration, RegistrationStatus

PERIOD = {"date_from": (date.today() - timedelta(days=5)).isoformat(),
          "date_to": (date.today() + timedelta(days=30)).isoformat()}


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def make_questions(lecture, chilean, peruvian):
    db.session.add_all([
        Question(lecture_id=lecture.id, author_id=chilean.id, text="How are cross-border returns taxed?",
                 language="en", state=QuestionState.approved, vote_count=4, answer_kind=AnswerKind.written,
                 answer_text="Under the importing country's rules."),
        Question(lecture_id=lecture.id, author_id=peruvian.id, text="¿Qué plataformas aceptan pagos locales?",
                 language="es", state=QuestionState.approved, anonymous=True, vote_count=2),
        Question(lecture_id=lecture.id, author_id=peruvian.id, text="Not approved yet", language="en",
                 state=QuestionState.pending),
    ])
    db.session.commit()


def test_the_lecture_report_keeps_its_questions(app, client, create_user, create_lecture, login):
    lecture = create_lecture("Cross-border payments")
    chilean = create_user("ana@example.org", country="CL", full_name="Ana Rojas")
    peruvian = create_user("luis@example.org", country="PE", full_name="Luis Quispe")
    make_questions(lecture, chilean, peruvian)

    login(create_user("admin@example.org", role=Role.admin))
    html = client.get(f"/reports/lectures/{lecture.id}", query_string=PERIOD).get_data(as_text=True)
    assert "How are cross-border returns taxed?" in html and "Under the importing country" in html
    assert "¿Qué plataformas aceptan pagos locales?" in html and "Not approved yet" not in html
    assert "Ana Rojas" in html and "Luis Quispe" not in html  # asked anonymously
    rows = csv_rows(client.get(f"/reports/lectures/{lecture.id}/questions.csv", query_string=PERIOD))
    assert rows[0][:4] == ["Asked", "Question", "Language", "Asked by"]
    assert [(row[1], row[3], row[5], row[6]) for row in rows[1:]] == [
        ("How are cross-border returns taxed?", "Ana Rojas", "4", "Answered in writing"),
        ("¿Qué plataformas aceptan pagos locales?", "Anonymous", "2", "")]


def test_a_coordinator_sees_only_their_countrys_questions(app, client, create_user, create_lecture, login):
    lecture = create_lecture("Cross-border payments")
    chilean = create_user("ana@example.org", country="CL", full_name="Ana Rojas")
    peruvian = create_user("luis@example.org", country="PE", full_name="Luis Quispe")
    make_questions(lecture, chilean, peruvian)
    login(create_user("coordinator@example.org", role=Role.coordinator, country="CL"))
    html = client.get(f"/reports/lectures/{lecture.id}", query_string=PERIOD).get_data(as_text=True)
    assert "How are cross-border returns taxed?" in html
    assert "¿Qué plataformas" not in html
    rows = csv_rows(client.get(f"/reports/lectures/{lecture.id}/questions.csv", query_string=PERIOD))
    assert [row[1] for row in rows[1:]] == ["How are cross-border returns taxed?"]


def test_participants_count_their_certificates(app, client, create_user, create_lecture, login):
    first = create_lecture("Cross-border payments")
    second = create_lecture("Customs modernisation")
    holder = create_user("ana@example.org", country="CL", full_name="Ana Rojas")
    other = create_user("luis@example.org", country="CL", full_name="Luis Quispe")
    for lecture in (first, second):
        for person in (holder, other):
            db.session.add(Registration(lecture_id=lecture.id, user_id=person.id,
                                        status=RegistrationStatus.registered))
    certificates.issue_lecture_certificate(holder.id, first)
    certificates.issue_lecture_certificate(holder.id, second)
    db.session.commit()
    login(create_user("admin@example.org", role=Role.admin))
    page = client.get("/reports/participants", query_string=PERIOD).get_data(as_text=True)
    assert "Certificates" in page
    rows = csv_rows(client.get("/reports/participants.csv", query_string=PERIOD))
    column = rows[0].index("Certificates")
    by_name = {row[0]: row[column] for row in rows[1:]}
    assert by_name["Ana Rojas"] == "2" and by_name["Luis Quispe"] == "0"
