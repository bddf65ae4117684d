"""Programmes for tests, made through the operations module and committed as a request would."""

from __future__ import annotations

from lecturehall.core.db import db
from lecturehall.modules.programmes import operations
from lecturehall.modules.programmes.models import Programme


def make_programme(name: str = "Cloud Lecture Hall 2026", *, organisers=(), countries=(), description: str = "")\
        -> Programme:
    programme = operations.create_programme(operations.ProgrammeData(
        name=name, description=description, countries=list(countries), organisers=list(organisers)))
    db.session.commit()
    return programme
