"""The words the Q&A script shows, in the viewer's language (the page hands them over as JSON: no inline script)."""

from __future__ import annotations

from flask_babel import gettext as _


def script_labels() -> dict[str, str]:
    return {
        "anonymous": _("Anonymous participant"),
        "anonymousToOthers": _("anonymous to other participants"),
        "votes": _("Votes: {n}"),
        "upvote": _("Upvote"),
        "upvoted": _("You upvoted this question (select to withdraw)"),
        "pinned": _("Pinned"),
        "answeredLive": _("Answered live"),
        "answeredWritten": _("Answered in writing"),
        "askedIn": _("Asked in {language}"),
        "pending": _("Waiting for a moderator"),
        "approved": _("Approved"),
        "hidden": _("Hidden by a moderator"),
        "sent": _("Your question was sent. It will appear once a moderator approves it."),
        "published": _("Your question is published."),
        "charsLeft": _("{n} characters left"),
        "offline": _("Connection lost. Trying again…"),
        "networkError": _("The server could not be reached. Check your connection and try again."),
        "approve": _("Approve"),
        "hide": _("Hide"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "mergeInto": _("Merge into"),
        "merge": _("Merge"),
        "chooseQuestion": _("Choose a question"),
        "answerLive": _("Mark answered live"),
        "answerWritten": _("Answer in writing"),
        "saveAnswer": _("Save the answer"),
        "unanswer": _("Mark not answered"),
        "ban": _("Ban from asking"),
        "unban": _("Allow asking again"),
        "banned": _("Banned from asking"),
        "askedBy": _("Asked by {name}"),
        "writtenAnswer": _("Written answer"),
        "queueEmpty": _("No questions here."),
    }


def action_labels() -> dict[str, str]:
    """The moderation log's actions (ModerationAction values)."""
    return {
        "approve": _("Approved"), "hide": _("Hidden"), "pin": _("Pinned"), "unpin": _("Unpinned"),
        "merge": _("Merged"), "answer_live": _("Answered live"), "answer_written": _("Answered in writing"),
        "unanswer": _("Marked not answered"), "ban": _("Banned from asking"), "unban": _("Allowed asking again"),
        "mode": _("Changed the mode"), "moderators": _("Changed the moderators"),
    }
