"""`commlint.guard`: a real `smtplib` send to a local SMTP server (aiosmtpd)."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import SMTP

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session

import commlint
from tests.integrations.conftest import GOOD, POOR


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.received.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def message(body: str) -> EmailMessage:
    mail = EmailMessage(policy=SMTP)
    mail["From"] = "priya@desk.example.org"
    mail["To"] = "dana@example.org"
    mail["Subject"] = "Your laptop"
    mail.set_content(body)
    return mail


def test_guard_context_manager_around_smtplib(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    good, poor = message(GOOD), message(POOR)
    with commlint.guard(min_score=60), smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(good)
        with pytest.raises(commlint.MessageRejected) as rejected:
            smtp.send_message(poor)
    assert inbox.received == [good.as_bytes()]
    report = rejected.value.report
    assert not report.passed and report.score < 60
    assert "tone.condescending" in {f.rule for f in report.findings}
    assert str(rejected.value).startswith("message rejected: score ")


def test_guard_decorator_checks_an_argument() -> None:
    posted: list[str] = []

    @commlint.guard(fail_on="warning", argument="body")
    def post_reply(ticket: int, body: str) -> None:
        posted.append(body)

    post_reply(4410, "Hi Dana,\n\nThanks for your patience. Your laptop is ready at the desk.")
    with pytest.raises(commlint.MessageRejected):
        post_reply(4411, body="Obviously the laptop works.")
    assert len(posted) == 1


def test_guard_is_inert_outside_a_guard(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    with commlint.guard():
        pass
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(message(POOR))
    assert len(inbox.received) == 1


def test_guard_rejects_an_unknown_argument() -> None:
    with pytest.raises(TypeError, match="no argument 'text'"):

        @commlint.guard(argument="text")
        def send(body: str) -> None:
            del body
