"""What nginx-rtmp's on_publish / on_publish_done calls carry, and what the app answers: the small protocol between
nginx and the app's internal endpoint, and the internal stream names a secret key is renamed to.

nginx POSTs a form (``call=publish&app=live&name=<key>&addr=…&clientid=…``) and reads only the answer's status: a
2xx lets the push go on under the name it came with, a 3xx with ``Location: <name>`` lets it go on *renamed* (the
module's documented redirect, ngx_rtmp_notify_module.c: a Location that is not rtmp://… replaces the stream name),
anything else refuses it. The app always answers with a redirect to an internal name (``lecture-42``,
``lecture-42.fr``), so the secret key never reaches a file path, a playlist URL or the packager's command line.
on_publish_done still carries the key the publisher used (nginx keeps the name from before the redirect), so the app
maps it back the same way, or by ``clientid``, which is the same in both calls."""

from __future__ import annotations

import hmac
import ipaddress
import re
from dataclasses import dataclass

STREAM_NAME = re.compile(r"^lecture-(?P<lecture>[0-9A-Za-z_]+)(?:\.(?P<language>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?$")


def stream_name(lecture, language: str | None = None) -> str:
    """The internal name of a lecture's main push (``lecture-42``) or of an interpreter's (``lecture-42.fr``)."""
    name = f"lecture-{lecture}" + (f".{language}" if language else "")
    if not STREAM_NAME.fullmatch(name):
        raise ValueError(f"not a usable lecture id or language: {lecture!r}, {language!r}")
    return name


def parse_stream_name(name: str) -> tuple[str, str | None] | None:
    """(lecture, language or None) from an internal stream name; None for anything else (a secret key, say)."""
    match = STREAM_NAME.fullmatch(name or "")
    return (match.group("lecture"), match.group("language")) if match else None


def application_for(settings, language: str | None) -> str:
    """The RTMP application a key must be pushed to: the lecturer's, or the interpreters' (audio only). The app
    refuses a key pushed to the other one."""
    return settings.interpreter_application if language else settings.application


@dataclass(frozen=True)
class PublishCall:
    """One on_publish / on_publish_done call as nginx sends it."""
    call: str  # "publish" or "publish_done"
    name: str  # the stream key as the publisher typed it
    app: str
    addr: str  # the publisher's address
    client_id: str  # nginx's connection id: the same in a push's publish and publish_done calls

    @classmethod
    def from_form(cls, form) -> PublishCall:
        return cls(call=form.get("call", ""), name=form.get("name", ""), app=form.get("app", ""),
                   addr=form.get("addr", ""), client_id=form.get("clientid", ""))


def caller_allowed(remote_addr: str | None, presented_secret: str | None, secret: str) -> bool:
    """Whether a call to the internal endpoint may be believed: from loopback, or bearing the shared secret
    (nginx on another host; the rendered config puts it in the callback URL's query)."""
    try:
        if remote_addr and ipaddress.ip_address(remote_addr).is_loopback:
            return True
    except ValueError:
        pass
    return bool(secret) and presented_secret is not None and hmac.compare_digest(presented_secret, secret)


# What the endpoint answers (status, headers): nginx looks at nothing else.
def allow_as(stream: str) -> tuple[int, dict[str, str]]:
    return 302, {"Location": stream}


DENY = (403, {})
DONE = (200, {})
