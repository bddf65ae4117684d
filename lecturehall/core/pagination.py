"""Pagination of a select statement."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lecturehall.core.db import db


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


def paginate(query: sa.Select, number: Any, size: int) -> Page:
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    items = list(db.session.execute(query.limit(size).offset((number - 1) * size)).scalars())
    return Page(items=items, number=number, size=size, total=total)
