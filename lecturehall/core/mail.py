"""The one mailer: SMTP when configured, otherwise .eml files in an outbox folder (the embedded default).

Mail is rendered in the recipient's language: callers pass the recipient's language and the templates are
rendered under it. Every message goes to exactly one address, the account's own: the ``To`` header is built by the
standard library's header handling (a display name is quoted or encoded, never parsed as more addresses), and the
SMTP envelope names the account's address itself, never what a header says.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
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


def address_header(recipient: Recipient) -> Address:
    """The recipient as one address: a name with ``< > , " ;`` is quoted, one in another script is encoded, and
    line breaks and other control characters are gone, so a name can neither add a recipient nor a header."""
    name = _CONTROL.sub(" ", recipient.name or "").strip()
    local, _, domain = recipient.email.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


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
    message = EmailMessage()
    message["Subject"] = _CONTROL.sub(" ", subject)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = address_header(recipient)
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
