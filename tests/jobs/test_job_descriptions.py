"""The jobs page says what each job does and for which lecture, in the admin's language, for the jobs coming up and
the runs past; each task describes its own jobs (core.scheduler.task's ``describe``), so the jobs module and the
scheduler know nothing of the modules whose jobs they show."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import pytest

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import get_scheduler, run_job
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.media import operations as media

TITLE, FRENCH = "Live-stream selling for beginners", "La vente en direct pour débutants"


def rows(page: str, heading: str) -> list[str]:
    """The visible text of each row of the table after ``heading``."""
    table = page.split(f">{heading}</h2>", 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]


@pytest.fixture
def lecture(create_lecture):
    lecture = create_lecture(TITLE)
    lectures.save_translation(lecture, "fr", FRENCH, "", "", None)
    db.session.commit()
    return lecture


def test_coming_jobs_are_said_in_words(app, client, create_user, login, lecture):
    login(create_user(role=Role.admin))
    coming = rows(client.get("/admin/jobs").get_data(as_text=True), "Coming up")
    label = f"“{TITLE}” (lecture {lecture.id})"
    assert any(row.startswith(f"Reminder 24 hours before — {label} lecture:{lecture.id}:reminder_24h")
               for row in coming), coming
    assert any(row.startswith(f"Reminder 15 minutes before — {label}") for row in coming)
    assert sum(row.startswith(f"Status change at the start (live) or the end (ended) — {label}")
               for row in coming) == 2


def test_in_the_admins_language_with_the_lectures_title_in_it(app, client, create_user, login, lecture):
    login(create_user(role=Role.admin, language="fr"))
    coming = rows(client.get("/admin/jobs").get_data(as_text=True), "Prochaines exécutions")
    assert any(row.startswith(f"Rappel 15 minutes avant — « {FRENCH} » (conférence {lecture.id})")
               for row in coming), coming


def test_runs_are_said_in_words_even_for_a_lecture_deleted_since(app, client, create_user, login, lecture,
                                                                 add_recording, clip):
    job = media.recording_added(add_recording(lecture, clip))
    db.session.commit()
    scheduler_module._runner_app = app
    run_job("lectures.advance_status", lecture.id)
    run_job("media.transcode", job.id)
    run_job("scheduler.sweep")
    run_job("accounts.send_invitations", [])
    run_job("lectures.advance_status", 987654)
    login(create_user(role=Role.admin))
    runs = rows(client.get("/admin/jobs").get_data(as_text=True), "Last runs")
    said = [row.split(" lectures.")[0].split(" media.")[0].split(" scheduler.")[0].split(" accounts.")[0]
            for row in runs]
    assert any(f"Status change at the start (live) or the end (ended) — “{TITLE}” (lecture {lecture.id})" in row
               for row in said), runs
    assert any(f"Making the replay from the recording — “{TITLE}” (lecture {lecture.id})" in row for row in said)
    assert any("Catch-up: restarts work whose job was lost" in row for row in said)
    assert any("Invitations to 0 imported participants" in row for row in said)
    assert any("— lecture 987654, since deleted" in row for row in said)


def test_a_job_the_task_cannot_describe_shows_its_id(app, client, create_user, login):
    scheduler = get_scheduler(app)
    scheduler.add("lecture:5:reminder_99m", "notifications.send_reminders", datetime(2099, 1, 1, tzinfo=timezone.utc), 5, "reminder_99m")
    scheduler.add("old-job", "no.such.task", datetime(2099, 1, 2, tzinfo=timezone.utc))
    login(create_user(role=Role.admin))
    coming = rows(client.get("/admin/jobs").get_data(as_text=True), "Coming up")
    assert any(row.startswith("lecture:5:reminder_99m") for row in coming), coming
    assert any(row.startswith("old-job") for row in coming), coming
