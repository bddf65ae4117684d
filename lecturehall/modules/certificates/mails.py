"""The mail that tells a participant a programme certificate is theirs, in their language, with the links to
download it and to verify it."""

from __future__ import annotations

from lecturehall.core.mail import Recipient, build_message, deliver, render_mail
from lecturehall.core.urls import external_url
from lecturehall.modules.certificates import codes
from lecturehall.modules.programmes.presentation import localized_programme


def send_certificate_mail(user, certificate, programme) -> None:
    language = user.language
    recipient = Recipient(email=user.email, name=user.full_name or "", language=language)
    named = localized_programme(programme, language)
    context = {
        "programme_name": named.name,
        "programme_language": named.name_language,
        "code": codes.display(certificate.code),
        "attended": certificate.lectures_attended,
        "total": certificate.lectures_total,
        "download_link": external_url("certificates.download", certificate_id=certificate.id),
        "verify_link": external_url("certificates.verify_code", code=certificate.code),
    }
    message = build_message(recipient, *render_mail("certificate_issued", recipient, **context),
                            message_key=f"certificate-{certificate.id}")
    deliver(message, recipient)
