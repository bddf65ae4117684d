"""Calendar forms: the buttons that create, replace and revoke the personal feed (CSRF-checked posts)."""

from __future__ import annotations

from wtforms import SubmitField

from lecturehall.core.forms import StrictForm


class FeedForm(StrictForm):
    submit = SubmitField()
