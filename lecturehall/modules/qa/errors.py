"""Why a Q&A action was refused: a code for scripts, a status, and a message in the viewer's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "empty": (422, _l("Write your question first.")),
    "too_long": (422, _l("A question can be at most %(num)d characters long.")),
    "answer_too_long": (422, _l("A written answer can be at most %(num)d characters long.")),
    "not_registered": (403, _l("Only participants registered for this lecture can ask and vote.")),
    "banned": (403, _l("A moderator has stopped you from asking questions in this lecture.")),
    "closed": (409, _l("Questions are open only shortly before and during the live lecture.")),
    "rate_limited": (429, _l("You are asking too quickly. Wait a minute, then try again.")),
    "votes_rate_limited": (429, _l("Too many votes in a short time. Wait a minute, then try again.")),
    "not_visible": (409, _l("This question is not open for votes.")),
    "own_question": (409, _l("You cannot vote for your own question.")),
    "not_moderator": (403, _l("Only the moderators of this lecture can do this.")),
    "bad_merge": (422, _l("Choose another question of this lecture to merge into.")),
    "bad_request": (400, _l("The request could not be understood. Reload the page and try again.")),
}


class QaRefused(Exception):
    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code, self.values = code, values

    @property
    def status(self) -> int:
        return MESSAGES[self.code][0]

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code][1]) % self.values if self.values else str(MESSAGES[self.code][1])
