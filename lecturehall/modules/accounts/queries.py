"""Reads of accounts: lookups and the searchable user directory."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, Sector, User


def user_by_email(email: str) -> User | None:
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()


def email_taken(email: str, except_user_id: int | None = None) -> bool:
    query = sa.select(User.id).where(User.email == email)
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.execute(query.limit(1)).first() is not None


@dataclass
class UserFilter:
    text: str = ""
    country: str | None = None
    sector: Sector | None = None
    role: Role | None = None
    include_deleted: bool = False


def users_query(filters: UserFilter) -> sa.Select:
    query = sa.select(User)
    if not filters.include_deleted:
        query = query.where(User.deleted_at.is_(None))
    if filters.text:
        pattern = f"%{filters.text.strip().lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.full_name).like(pattern),
                User.email.like(pattern),
                sa.func.lower(User.organisation).like(pattern),
            )
        )
    if filters.country:
        query = query.where(User.country == filters.country)
    if filters.sector:
        query = query.where(User.sector == filters.sector)
    if filters.role:
        query = query.where(User.role == filters.role)
    return query.order_by(sa.func.lower(User.full_name), User.id)


def count_users() -> int:
    return db.session.execute(sa.select(sa.func.count(User.id))).scalar_one()
