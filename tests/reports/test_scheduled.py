"""Scheduled reports: a coordinator subscribes on the page, the worker's task mails the last complete month to a real
SMTP server on loopback, in the subscriber's language, within their country, with the XLSX attached and a link back
to the dashboard, once; an admin's weekly report goes out in theirs."""

import io
from datetime import datetime, timezone

import pytest
import time_machine
from openpyxl import load_workbook

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.reports import operations
from lecturehall.modules.reports.models import Frequency
from tests.reports.dataset import build


@pytest.fixture
def smtp_app(make_app, smtp_server):
    controller, handler = smtp_server
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    with app.app_context():
        yield app, handler


def run(app):
    scheduler_module._runner_app = app
    run_job("reports.send_due")


def attachment_of(message):
    parts = [part for part in message.iter_attachments() if part.get_filename().endswith(".xlsx")]
    assert len(parts) == 1
    workbook = load_workbook(io.BytesIO(parts[0].get_content()), read_only=True)
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
    workbook.close()
    return parts[0].get_filename(), sheets


def test_monthly_report_in_the_coordinators_language_and_country_sent_once(smtp_app, create_user, create_lecture,
                                                                         create_programme, login, forms):
    app, handler = smtp_app
    data = build(create_user, create_lecture, create_programme)
    coordinator = create_user("coordinadora@example.cl", role=Role.coordinator, country="CL", language="es",
                              full_name="Coordinadora Chile")
    admin = create_user("admin-fr@example.org", role=Role.admin, country="FR", language="fr")
    with time_machine.travel(datetime(2030, 5, 15, 12, 0, tzinfo=timezone.utc), tick=False):
        login(coordinator)
        page = "/reports/subscription"
        assert forms.post(page, {"frequency": "yearly"}).status_code == 422  # not a choice: nothing saved
        assert operations.subscription_of(coordinator.id) is None
        assert forms.post(page, {"frequency": "monthly", "programme": ""}).status_code == 302
        operations.save_subscription(admin, Frequency.weekly, data.programme_a.id)
        db.session.commit()
        run(app)  # April and the week before are over, but they subscribed after: nothing is due
    assert handler.received == []
    with time_machine.travel(datetime(2030, 6, 3, 7, 0, tzinfo=timezone.utc), tick=False):
        run(app)
        run(app)  # a second run sends nothing again
    by_address = {message["To"].addresses[0].addr_spec: message for message in handler.received}
    assert len(handler.received) == 2 and set(by_address) == {"coordinadora@example.cl", "admin-fr@example.org"}
    mail = by_address["coordinadora@example.cl"]
    assert mail["Subject"].startswith("Informe mensual de participación") and mail["Content-Language"] == "es"
    text = mail.get_body(("plain",)).get_content()
    assert "Hola, Coordinadora Chile:" in text and "Personas alcanzadas (en directo o en diferido): 3" in text
    assert "/reports/?date_from=2030-05-01&date_to=2030-05-31" in text
    filename, sheets = attachment_of(mail)
    assert filename == "lecture-hall-report-2030-05-01-2030-05-31.xlsx"
    summary = sheets["Resumen"]
    assert summary[0] == ["Cifra", "Este período", "Período anterior", "Variación"]
    assert ["Personas alcanzadas (en directo o en diferido)", "3"] == summary[8][:2]
    countries = next(rows for title, rows in sheets.items() if title.startswith("Participación por país"))
    assert [row[0] for row in countries[1:]] == ["Chile"]
    everything = str(sheets)
    assert "Bruno" not in everything and "Perú" not in everything
    weekly = by_address["admin-fr@example.org"]
    assert weekly["Subject"].startswith("Rapport hebdomadaire de participation")
    assert attachment_of(weekly)[0] == "lecture-hall-report-2030-05-27-2030-06-02.xlsx"
