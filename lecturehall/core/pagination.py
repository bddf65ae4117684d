"""Pagination of a select statement, and the page number a list was asked for."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.urls import int_arg


@dataclass
class Page:
    items: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number() -> int:
    """The ``page`` of the query string: 1 when absent, a 400 when it is not a page number (see ``int_arg``)."""
    return int_arg("page", 1)


def paginate(query: sa.Select, number: int, size: int) -> Page:
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    items = list(db.session.execute(query.limit(size).offset((number - 1) * size)).scalars())
    return Page(items=items, number=number, size=size, total=total)
