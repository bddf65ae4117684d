"""The participants report's pages: walked in name order (asking of each account whether they took part) or found
by sorting everyone who took part, the same people on the same pages, in every partition, with and without the
reach summary; and the choice between the two follows the share of the scope's accounts who took part."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import g

from lecturehall.core.db import db
from lecturehall.modules.reports import base, queries_participants, reach
from lecturehall.modules.reports.scope import Scope
from tests.reports.dataset import MAY
from tests.reports.test_reach_summary import filter_sets


def pages(filters, scope, size: int = 1) -> list[list[int]]:
    g.pop("reports_cache", None)
    total, _rows = queries_participants.participants(filters, scope, "", limit=size)
    out = []
    for offset in range(0, total + size, size):  # one page past the end too: empty
        _total, rows = queries_participants.participants(filters, scope, "", limit=size, offset=offset)
        out.append([row.user_id for row in rows])
    return out


@pytest.fixture
def names_out_of_id_order(shared_app):
    """The dataset's names run in id order: here they run backwards, some lower case, so that a page sorted by id
    or by case-sensitive name would differ. Put back afterwards (the dataset is shared)."""
    users = queries_participants.User
    before = dict(db.session.execute(sa.select(users.id, users.full_name)).all())
    for position, user_id in enumerate(sorted(before, reverse=True)):
        name = f"{chr(ord('a') + position % 26)}{position:03d} {before[user_id] or ''}"
        db.session.execute(sa.update(users).where(users.id == user_id).values(
            full_name=name if position % 2 else name.capitalize()))
    db.session.commit()
    yield
    for user_id, name in before.items():
        db.session.execute(sa.update(users).where(users.id == user_id).values(full_name=name))
    db.session.commit()


def walks(monkeypatch, walk: bool):
    monkeypatch.setattr(queries_participants, "WALK_ACCOUNTS", 10**9 if walk else 0)


@pytest.mark.parametrize("summary", [True, False], ids=["summary", "presence-tables"])
def test_walked_pages_are_the_sorted_pages(shared_app, names_out_of_id_order, monkeypatch, summary):
    data = shared_app.shared_data
    if not summary:
        monkeypatch.setattr(reach, "applies", lambda *_args: False)
    compared = 0
    for filters, scope in filter_sets(data):
        walks(monkeypatch, True)
        walked = pages(filters, scope)
        walks(monkeypatch, False)
        sorted_ = pages(filters, scope)
        assert walked == sorted_, (filters, scope)
        ids = [user_id for page in walked for user_id in page]
        assert ids != sorted(ids) or len(ids) < 2  # the names' order, not the ids'
        compared += sum(len(page) for page in walked)
    assert compared > 100  # the partitions hold people: the comparison compared something


def test_the_walk_is_taken_when_most_accounts_took_part(shared_app, monkeypatch):
    statements: list[str] = []
    real_execute = base.execute

    def recording(query, *args, **kwargs):
        statements.append(str(query))
        return real_execute(query, *args, **kwargs)

    monkeypatch.setattr(base, "execute", recording)
    accounts = db.session.execute(sa.select(sa.func.count()).select_from(queries_participants.User)).scalar_one()
    total, _rows = queries_participants.participants(MAY, Scope(), "", limit=2)
    assert 0 < total < accounts
    # the walk pays when (offset + page) x accounts <= WALK_ACCOUNTS x people
    monkeypatch.setattr(queries_participants, "WALK_ACCOUNTS", -(-2 * accounts // total))
    statements.clear()
    queries_participants.participants(MAY, Scope(), "", limit=2)
    assert any("person" in statement for statement in statements)  # the walk's alias of the accounts it walks
    statements.clear()
    queries_participants.participants(MAY, Scope(), "", limit=2, offset=2)  # twice the accounts to look at
    assert not any("person" in statement for statement in statements)
    statements.clear()
    queries_participants.participants(MAY, Scope(), "li", limit=2)  # a search: counted and sorted
    assert not any("person" in statement for statement in statements)
