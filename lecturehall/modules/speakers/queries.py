"""Reads of speakers and topics, and who may manage them."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.programmes.queries import organises_any
from lecturehall.modules.speakers.models import Speaker, Tag


def may_manage(user) -> bool:
    """Admins, and anyone who organises a programme: they pick speakers and topics for their lectures."""
    if user is None or not user.is_authenticated:
        return False
    return user.role is Role.admin or organises_any(user)


def speakers_query() -> sa.Select:
    return sa.select(Speaker).order_by(sa.func.lower(Speaker.name), Speaker.id)


def all_speakers() -> list[Speaker]:
    return list(db.session.execute(sa.select(Speaker).order_by(Speaker.name)).scalars())


def all_tags() -> list[Tag]:
    return list(db.session.execute(sa.select(Tag).order_by(Tag.slug)).scalars())


def slug_taken(slug: str, except_tag_id: int | None = None) -> bool:
    query = sa.select(Tag.id).where(Tag.slug == slug)
    if except_tag_id is not None:
        query = query.where(Tag.id != except_tag_id)
    return db.session.execute(query.limit(1)).first() is not None
