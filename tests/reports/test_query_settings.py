"""What a report query runs under on PostgreSQL (reports/base.py's execute): no JIT, the reports' work_mem, plans
for its own parameters, read to the end — for the report's transaction only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.reports import base

SETTINGS = ("jit", "work_mem", "plan_cache_mode", "cursor_tuple_fraction")


def settings() -> dict:
    return {name: db.session.execute(sa.text("SELECT current_setting(:name)"), {"name": name}).scalar_one()
            for name in SETTINGS}


def test_a_report_transaction_runs_with_its_own_settings(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no planner settings")
    app.config["REPORTS_WORK_MEM"] = "48MB"
    db.session.commit()
    outside = settings()
    assert outside["work_mem"] != "48MB" and outside["plan_cache_mode"] == "auto"  # the server's own
    assert base.execute(sa.select(sa.literal(1))).scalar_one() == 1
    assert settings() == {"jit": "off", "work_mem": "48MB", "plan_cache_mode": "force_custom_plan",
                          "cursor_tuple_fraction": "1"}
    db.session.commit()
    assert settings() == outside  # SET LOCAL: gone with the transaction
    base.execute(sa.select(sa.literal(1)))  # a new transaction is set up again
    assert settings()["work_mem"] == "48MB"
