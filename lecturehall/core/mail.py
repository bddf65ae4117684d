"""The one mailer: SMTP when configured, otherwise .eml files in an outbox folder (the embedded default).

Mail is rendered in the recipient's language: callers pass the recipient's language and the templates are
rendered under it. Every message goes to exactly one address, the account's own: the ``To`` header is written here
(a display name is quoted or RFC 2047-encoded, never read as more addresses), and the SMTP envelope names the
account's address itself, never what a header says.
"""

from __future__ import annotations

import email.policy
import re
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


def render_mail(template: str, recipient: Recipient, **context) -> tuple[str, str, str]:
    """Subject, plain text and HTML of ``mail/<template>``, in the recipient's language."""
    with force_locale(recipient.language):
        subject = render_template(f"mail/{template}.subject.txt", recipient=recipient, **context).strip()
        text = render_template(f"mail/{template}.txt", recipient=recipient, **context)
        html = render_template(f"mail/{template}.html", recipient=recipient, subject=subject, **context)
    return subject, text, html


def send_mail(template: str, recipient: Recipient, **context) -> EmailMessage:
    message = build_message(recipient, *render_mail(template, recipient, **context))
    deliver(message, recipient)
    return message


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
LINE = 78  # RFC 5322's recommended line length, which the To header keeps to

# Headers stored raw (the To header, see address_header) are written as they are, never folded again.
POLICY = email.policy.default.clone(refold_source="none")


def address_header(recipient: Recipient) -> str:
    """The ``To`` header's value: the recipient's one address, with their name quoted (plain ASCII that fits on the
    line) or else RFC 2047-encoded, folded here between encoded words. Line breaks and other control characters in
    the name become spaces, so a name can neither add a recipient nor a header.

    Written by hand, not by ``email.headerregistry``: Python's folding of a long name (a word longer than the line,
    or a long name in another script) drops the quotes around ``<x@y>, ...`` inside it, and the header then names
    more addresses than the account's (seen on Python 3.11)."""
    if _CONTROL.search(recipient.email):
        raise ValueError("an email address with control characters")
    local, _, domain = recipient.email.rpartition("@")
    spec = Address(username=local, domain=domain).addr_spec
    name = _CONTROL.sub(" ", recipient.name or "").strip()
    if not name:
        return spec
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    # "=?" stays out of quotes: some readers (Python's among them) decode encoded words even inside them.
    if name.isascii() and name.isprintable() and "=?" not in name and len(f"To: {quoted} <{spec}>") <= LINE:
        return f"{quoted} <{spec}>"
    # Encoded words are split between whole characters; a mail client joins adjacent ones without a space.
    encoded = Header(name, "utf-8", maxlinelen=LINE - 2, header_name="To").encode(linesep="\r\n")
    last_line = encoded.rsplit("\n", 1)[-1]
    separator = " " if len(last_line) + len(spec) + 3 <= LINE else "\r\n "
    return f"{encoded}{separator}<{spec}>"


def message_id(key: str | None = None) -> str:
    """A Message-ID on this site's domain: made from ``key`` when the same mail may be sent again (so mail clients
    show a repeat as one message), else unique."""
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "lecturehall.localhost"
    if key is None:
        return make_msgid(domain=domain)
    return f"<{re.sub(r'[^A-Za-z0-9.-]', '-', key)}@{domain}>"


def build_message(recipient: Recipient, subject: str, text: str, html: str,
                  attachments: list[tuple[bytes, str, str, dict]] = (), message_key: str | None = None) \
        -> EmailMessage:
    """A multipart message (plain text and HTML, then any attachments as (data, subtype, filename, params))."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = _CONTROL.sub(" ", subject)
    message["From"] = current_app.config["MAIL_FROM"]
    # Stored as written: the header factory would parse it and fold it again (see address_header).
    message.set_raw("To", address_header(recipient))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(message_key)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for data, subtype, filename, params in attachments:
        message.add_attachment(data, maintype="text", subtype=subtype, filename=filename, params=params)
    # After the body: building the alternative moves Content-* headers into the first part.
    message["Content-Language"] = recipient.language
    return message


def deliver(message: EmailMessage, recipient: Recipient) -> None:
    """Sends ``message`` to the recipient's own address (the SMTP envelope is theirs, whatever the headers say)."""
    config = current_app.config
    if config["SMTP_HOST"]:
        _deliver_smtp(message, recipient.email, config)
    else:
        _deliver_outbox(message, Path(config["OUTBOX_DIR"]))


def _deliver_smtp(message: EmailMessage, address: str, config) -> None:
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    if config["SMTP_SSL"]:
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(), timeout=30)
    else:
        client = smtplib.SMTP(host, port, timeout=30)
    with client:
        if config["SMTP_STARTTLS"] and not config["SMTP_SSL"]:
            client.starttls(context=ssl.create_default_context())
        if config["SMTP_USERNAME"]:
            client.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        client.send_message(message, to_addrs=[address])


def _deliver_outbox(message: EmailMessage, outbox: Path) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("Mail to %s written to %s", message["To"], path)
    print(f"[lecturehall] mail to {message['To']} written to {path}", flush=True)
