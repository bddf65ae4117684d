"""The internal endpoint nginx-rtmp calls on every push (on_publish) and at its end (on_publish_done).

Only loopback or a caller presenting LIVE_CALLBACK_SECRET is believed. nginx reads nothing but the status: the app
answers 302 to the lecture's internal stream name (the secret key goes no further), or 403. Exempt from CSRF: nginx
is no browser, and the caller check above is the protection. The packagers are the worker's: it sees pushes in
nginx's statistics and the open session here."""

from __future__ import annotations

import logging

from flask import abort, current_app, request

from lecturehall.core.auth import public
from lecturehall.core.security import csrf
from lecturehall.modules.live import callbacks, operations, queries
from lecturehall.modules.live.runtime import live_settings

log = logging.getLogger(__name__)


def _answer(verdict: tuple[int, dict[str, str]]):
    status, headers = verdict
    return current_app.response_class(b"", status=status, headers=headers)


@csrf.exempt
@public
def publish(event: str):
    if event not in ("publish", "publish_done"):
        abort(404)
    settings = live_settings()
    if not callbacks.caller_allowed(request.remote_addr, request.args.get("secret"), settings.callback_secret):
        log.warning("live: refused a %s call from %s (not loopback, no secret)", event, request.remote_addr)
        return _answer(callbacks.DENY)
    call = callbacks.PublishCall.from_form(request.form)
    if event == "publish_done":
        return _answer(callbacks.DONE)
    target = queries.push_target(call.name, call.app, lecturer_application=settings.application)
    if target.refusal is not None:
        log.warning("live: refused a push to %s from %s: %s%s", call.app, call.addr, target.refusal.value,
                    f" (lecture {target.lecture.id})" if target.lecture is not None else "")
        return _answer(callbacks.DENY)
    operations.push_started(target.lecture)
    name = callbacks.stream_name(target.lecture.id, target.language)
    log.info("live: push from %s accepted as %s", call.addr, name)
    return _answer(callbacks.allow_as(name))
