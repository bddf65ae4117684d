"""The Q&A's read endpoints, polled by every open page.

``feed``: the lecture's approved questions, the same for everyone who holds the address (see feed_tokens), so nginx
micro-caches it (see nginx.py). ``?since=N`` returns only what changed after version N (an empty list when nothing
did); ``If-None-Match`` with the current ETag answers 304. It needs no session and sets no cookie.

``me``: the viewer's own part: their votes, their questions not yet shown, whether they may ask, and for moderators
the whole queue. Private; 304 when nothing changed for them.
"""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, request

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import current_viewer, login_required, public
from lecturehall.core.db import db
from lecturehall.core.security import limiter
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.qa import access, feed_tokens, queries


def _since() -> int | None:
    raw = request.args.get("since", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _not_modified(etag: str, cache_control: str) -> Response:
    response = Response(status=304)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = cache_control
    return response


@limiter.request_filter
def _not_for_app_wide_limits() -> bool:
    """Polls are not counted against the app-wide limits (there are none today; this also spares each poll their
    evaluation)."""
    return request.endpoint in ("qa.feed", "qa.me")


@json_endpoint
@public
def feed(lecture_id: int, token: str):
    if not feed_tokens.valid(lecture_id, token):
        abort(404)
    lecture = db.get_or_404(Lecture, lecture_id)
    cache_control = f"public, max-age={current_app.config['QA_FEED_MAX_AGE']}"
    since = _since()
    version = queries.version_of(lecture_id)
    tag = f"qa-{lecture_id}-{version}"
    if request.if_none_match.contains_weak(tag):
        return _not_modified(f'"{tag}"', cache_control)
    # ``since`` equal to the version gets an empty list, not a 304: nginx caches a 200 (not a 304) and then answers
    # every page's conditional poll of that address itself.
    result = queries.feed(lecture, since)
    response = jsonify(version=result.version, full=result.full, questions=result.items)
    response.headers["ETag"] = f'"qa-{lecture_id}-{result.version}"'
    response.headers["Cache-Control"] = cache_control
    return response


@json_endpoint
@login_required
def me(lecture_id: int):
    lecture = db.get_or_404(Lecture, lecture_id)
    viewer = current_viewer()
    moderator = access.is_moderator(lecture, viewer)
    registered = access.is_registered(lecture, viewer)
    if not moderator and not registered:
        abort(403)
    version = queries.version_of(lecture_id)
    refusal = access.refusal_to_ask(lecture, viewer)
    tag = f'qa-me-{lecture_id}-{version}-{viewer.id}-{int(moderator)}-{refusal or ""}'
    etag = f'"{tag}"'
    cache_control = "private, no-cache"
    if request.if_none_match.contains_weak(tag):
        return _not_modified(etag, cache_control)
    body = {"version": version, "moderator": moderator, "may_ask": refusal is None, "refusal": refusal,
            "mode": queries.mode_of(lecture_id).value, "votes": queries.my_votes(lecture_id, viewer.id),
            "own": queries.my_question_ids(lecture_id, viewer.id),
            "mine": queries.my_unpublished(lecture, viewer.id)}
    if moderator:
        body["queue"] = queries.queue(lecture)
    response = jsonify(body)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = cache_control
    return response
