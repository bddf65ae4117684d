"""Speaker and topic pages, for admins and for the organisers of any programme; and the public speaker photo."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import login_required, public
from lecturehall.core.db import db
from lecturehall.core.forms import RemoveForm
from lecturehall.core.i18n import CONTENT_LANGUAGES, LANGUAGES, current_language
from lecturehall.core.pagination import page_number, paginate
from lecturehall.modules.speakers.models import Speaker, Tag
from lecturehall.modules.speakers import operations, queries
from lecturehall.modules.speakers.forms import SpeakerForm, SpeakerTranslationForm, TagForm

PAGE_SIZE = 50
PHOTO_MAX_AGE = 300  # a replaced photo gets a new file, but the URL stays: keep browser caches short


def _may_manage_or_403() -> None:
    if not queries.may_manage(current_user):
        abort(403)


def _speaker_data(form: SpeakerForm, speaker: Speaker | None = None) -> operations.SpeakerData:
    language = form.original_language.data or (speaker.original_language if speaker else current_user.language)
    return operations.SpeakerData(name=form.name.data, affiliation=form.affiliation.data or "",
                                  bio=form.bio.data or "", original_language=language)


@login_required
def speaker_list():
    _may_manage_or_403()
    page = paginate(queries.speakers_query(), page_number(), PAGE_SIZE)
    return render_template("speakers/speaker_list.html", page=page)


@login_required
def speaker_new():
    _may_manage_or_403()
    form = SpeakerForm().with_choices()
    del form.remove_photo  # nothing to remove yet
    if request.method == "GET":
        form.original_language.data = current_user.language
    if form.validate_on_submit():
        speaker = operations.create_speaker(_speaker_data(form), form.photo_jpeg)
        flash(_("The speaker %(name)s is saved.", name=speaker.name), "success")
        return redirect(url_for("speakers.speaker_edit", speaker_id=speaker.id))
    status = 422 if request.method == "POST" else 200
    return render_template("speakers/speaker_form.html", form=form, speaker=None), status


@login_required
def speaker_edit(speaker_id: int):
    _may_manage_or_403()
    speaker = db.get_or_404(Speaker, speaker_id)
    form = SpeakerForm(obj=speaker).with_choices()
    if not speaker.photo_path:
        del form.remove_photo
    if form.validate_on_submit():
        operations.update_speaker(speaker, _speaker_data(form, speaker))
        if form.photo_jpeg is not None:
            operations.set_photo(speaker, form.photo_jpeg)
        elif "remove_photo" in form and form.remove_photo.data:
            operations.remove_photo(speaker)
        flash(_("The speaker %(name)s is saved.", name=speaker.name), "success")
        return redirect(url_for("speakers.speaker_edit", speaker_id=speaker.id))
    status = 422 if request.method == "POST" else 200
    return render_template("speakers/speaker_form.html", form=form, speaker=speaker,
                           content_languages=CONTENT_LANGUAGES, languages=LANGUAGES), status


@login_required
def speaker_translation(speaker_id: int, language: str):
    """The speaker's affiliation and biography in another language (the name stays as it is)."""
    _may_manage_or_403()
    speaker = db.get_or_404(Speaker, speaker_id)
    if language not in CONTENT_LANGUAGES or language == speaker.original_language:
        abort(404)
    translation = speaker.translation(language)
    if RemoveForm.posted():
        if not RemoveForm().validate_on_submit():
            abort(400)
        operations.delete_translation(speaker, language)
        flash(_("The translation is removed."), "info")
        return redirect(url_for("speakers.speaker_edit", speaker_id=speaker.id))
    form = SpeakerTranslationForm(obj=translation if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.save_translation(speaker, language, form.affiliation.data, form.bio.data)
        flash(_("The translation is saved."), "success")
        return redirect(url_for("speakers.speaker_edit", speaker_id=speaker.id))
    status = 422 if request.method == "POST" else 200
    return render_template("speakers/speaker_translation.html", form=form, speaker=speaker, language=language,
                           translation=translation, remove_form=RemoveForm()), status


@public
def photo(speaker_id: int):
    speaker = db.get_or_404(Speaker, speaker_id)
    if not speaker.photo_path:
        abort(404)
    # send_from_directory refuses any path that would leave the media folder.
    return send_from_directory(current_app.config["MEDIA_DIR"], speaker.photo_path, mimetype="image/jpeg",
                               max_age=PHOTO_MAX_AGE)


@login_required
def tag_list():
    _may_manage_or_403()
    return render_template("speakers/tag_list.html", tags=queries.all_tags())


def _slug_taken_error(form: TagForm) -> None:
    form.slug.errors = [*form.slug.errors, _("A topic with this short name exists already. Choose another one.")]


@login_required
def tag_new():
    _may_manage_or_403()
    form = TagForm()
    if form.validate_on_submit():
        try:
            tag = operations.create_tag(form.slug.data, form.names())
        except operations.TagError:
            _slug_taken_error(form)
        else:
            flash(_("The topic “%(name)s” is saved.", name=tag.name_in(current_language())), "success")
            return redirect(url_for("speakers.tag_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("speakers/tag_form.html", form=form, tag=None), status


@login_required
def tag_edit(tag_id: int):
    _may_manage_or_403()
    tag = db.get_or_404(Tag, tag_id)
    form = TagForm()
    if request.method == "GET":
        form.slug.data = tag.slug
        for code, name in (tag.names or {}).items():
            if f"name_{code}" in form:
                form[f"name_{code}"].data = name
    if form.validate_on_submit():
        try:
            operations.update_tag(tag, form.slug.data, form.names())
        except operations.TagError:
            _slug_taken_error(form)
        else:
            flash(_("The topic “%(name)s” is saved.", name=tag.name_in(current_language())), "success")
            return redirect(url_for("speakers.tag_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("speakers/tag_form.html", form=form, tag=tag), status
