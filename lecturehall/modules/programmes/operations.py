"""Writes to programmes. Each operation flushes; the caller (request, CLI command, job) commits."""

from __future__ import annotations

from dataclasses import dataclass

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.programmes import queries
from lecturehall.modules.programmes.models import Programme, ProgrammeCountry, ProgrammeTranslation


class ProgrammeError(Exception):
    """A change the data forbids; ``reason`` names it ("name-taken")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ProgrammeData:
    name: str
    description: str = ""
    countries: list[str] | None = None
    # None leaves the organisers as they are (an organiser editing their own programme cannot change them).
    organisers: list[User] | None = None
    original_language: str = "en"  # of the name and description


def create_programme(data: ProgrammeData) -> Programme:
    _check_name(data.name)
    programme = Programme(name=data.name.strip())
    db.session.add(programme)
    _apply(programme, data)
    return programme


def update_programme(programme: Programme, data: ProgrammeData) -> None:
    _check_name(data.name, programme.id)
    _apply(programme, data)


def _check_name(name: str, programme_id: int | None = None) -> None:
    # Checked before anything is added, so a refused name leaves the session as it was.
    if queries.name_taken(name, except_programme_id=programme_id):
        raise ProgrammeError("name-taken")


def _apply(programme: Programme, data: ProgrammeData) -> None:
    programme.name = data.name.strip()
    programme.description = (data.description or "").strip()
    programme.original_language = data.original_language
    # A translation into what is now the original's language would never be shown.
    programme.translations = [t for t in programme.translations if t.language != data.original_language]
    _set_countries(programme, data.countries or [])
    if data.organisers is not None:
        programme.organisers = list({user.id: user for user in data.organisers}.values())
    db.session.flush()


def _set_countries(programme: Programme, codes: list[str]) -> None:
    # Keep the rows that stay: replacing them would delete and insert the same primary key in one flush.
    wanted = set(codes)
    programme.countries = [row for row in programme.countries if row.country in wanted]
    present = {row.country for row in programme.countries}
    for code in sorted(wanted - present):
        programme.countries.append(ProgrammeCountry(country=code))


def save_translation(programme: Programme, language: str, name: str, description: str) -> ProgrammeTranslation:
    """The programme's name and description in ``language`` (added or replaced)."""
    translation = programme.translation(language)
    if translation is None:
        translation = ProgrammeTranslation(language=language)
        programme.translations.append(translation)
    translation.name, translation.description = name.strip(), (description or "").strip()
    db.session.flush()
    return translation


def delete_translation(programme: Programme, language: str) -> None:
    translation = programme.translation(language)
    if translation is not None:
        programme.translations.remove(translation)
        db.session.flush()
