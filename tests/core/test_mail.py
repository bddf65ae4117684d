"""The mailer: a real SMTP server on loopback when configured, .eml files in the outbox otherwise."""

from lecturehall.core.mail import Recipient, send_mail


def test_mail_goes_through_smtp_in_recipient_language(make_app, smtp_server):
    controller, handler = smtp_server
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    with app.app_context():
        send_mail("reset_password", Recipient("aigerim@example.kz", "Aigerim Bekova", "ru"), link="http://x/y")
    assert len(handler.received) == 1
    message = handler.received[0]
    assert message["To"] == "Aigerim Bekova <aigerim@example.kz>"
    assert message["Content-Language"] == "ru"
    plain = message.get_body(("plain",)).get_content()
    assert "http://x/y" in plain and "Здравствуйте" in plain


def test_outbox_when_no_smtp(app, outbox, capsys):
    send_mail("confirm_email", Recipient("a@example.org", "A", "zh"), link="http://x/confirm")
    message = outbox.last()
    assert message["Content-Language"] == "zh"
    assert "确认" in message["Subject"]
    assert "written to" in capsys.readouterr().out
