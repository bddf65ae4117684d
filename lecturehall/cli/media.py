"""``lecturehall media``: bring recordings in from the command line (a back catalogue of past lectures)."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts.models import Role, User
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.media import uploads
from lecturehall.modules.media.errors import MediaError


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, Path]]:
    pairs = []
    for value in values:
        language, _, path = value.partition("=")
        if not language or not path:
            raise click.BadParameter(f"{value!r}: write LANG=FILE, e.g. fr=interpretation-fr.mp3", param_hint=option)
        pairs.append((language.strip(), Path(path)))
    return pairs


@click.group("media")
def media_group() -> None:
    """Recordings and replays."""


@media_group.command("import")
@click.argument("lecture_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--audio", "audio", multiple=True, metavar="LANG=FILE", help="An interpretation track.")
@click.option("--subtitles", "subtitles", multiple=True, metavar="LANG=FILE", help="WebVTT or SRT subtitles.")
@click.option("--as", "as_email", default=None, help="The organiser to record as uploader (default: an admin).")
@with_appcontext
def import_media(lecture_id: int, file: Path, audio: tuple[str, ...], subtitles: tuple[str, ...],
                 as_email: str | None) -> None:
    """Attach FILE as the recording of LECTURE_ID (plus tracks) and queue its transcoding.

    Every file is checked by its content as an upload is; nothing is kept when one of them is refused."""
    lecture = db.session.get(Lecture, lecture_id)
    if lecture is None:
        raise click.ClickException(f"there is no lecture {lecture_id}")
    query = sa.select(User).where(User.email == as_email.strip().lower()) if as_email else \
        sa.select(User).where(User.role == Role.admin, User.deleted_at.is_(None)).order_by(User.id).limit(1)
    user = db.session.execute(query).scalar_one_or_none()
    if user is None:
        raise click.ClickException("no uploader: give --as EMAIL of an organiser, or create an admin first")
    items = [("recording", None, file)] + [("audio", lang, path) for lang, path in _pairs(audio, "--audio")] + [
        ("subtitles", lang, path) for lang, path in _pairs(subtitles, "--subtitles")]
    storage = get_storage()
    created, stored = [], []
    try:
        for purpose, language, path in items:
            if not path.is_file():
                raise click.ClickException(f"{path}: no such file")
            try:
                upload = uploads.start_upload(lecture, user, filename=path.name, size=path.stat().st_size,
                                              purpose=purpose, language=language)
            except uploads.UploadRefused as refused:
                raise click.ClickException(f"{path}: {refused.message}") from refused
            created.append(upload)
            try:
                uploads.receive_file(upload, path)
                attached = uploads.finish_upload(upload)
            except uploads.UploadRefused as refused:
                raise click.ClickException(f"{path}: {refused.message}") from refused
            except MediaError as error:
                raise click.ClickException(f"{path}: {error.message}") from error
            stored.append(attached.path)
            click.echo(f"{path}: attached as {purpose}{f' ({language})' if language else ''} (id {attached.id})")
    except click.ClickException:
        db.session.rollback()
        for leftover in [upload.part_path for upload in created] + stored:
            storage.delete(leftover)
        raise
    db.session.commit()
    click.echo("Transcoding is queued; `lecturehall worker` (or `lecturehall serve`) runs it.")
