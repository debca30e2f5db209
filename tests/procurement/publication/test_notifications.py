"""Notifications in the app and by email (issue 12 §6): sent through SMTP after the commit when
SMTP_HOST is set (a tiny SMTP server on a free port stands in), never for a rolled-back change;
members are told they were seated; each role lands on its tasks; the next step is named."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
import sqlalchemy as sa

from procurement.accounts import operations as accounts
from procurement.accounts.models import InsurerStatus, Role
from procurement.evaluation import operations as evaluation
from procurement.extensions import db as _db
from procurement.publication.models import Notification
from tests.conftest import PASSWORD, submit
from tests.factories import make_insurer, make_opened_tender, make_tender, make_user


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for smtplib.send_message: the messages land in `server.mail`."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 test\r\n")
            elif command.startswith("RCPT TO:"):
                recipients.append(line.decode().strip()[8:].strip("<> "))
                self.wfile.write(b"250 OK\r\n")
            elif command == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.mail.append((recipients, message_from_bytes(data)))  # type: ignore[attr-defined]
                recipients = []
                self.wfile.write(b"250 OK\r\n")
            elif command == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL FROM, RSET, NOOP
                self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def smtp_server(app, monkeypatch) -> Iterator[list[tuple[list[str], Any]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.mail = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", server.server_address[1])
    yield server.mail  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_an_approved_insurer_is_told_in_the_app_and_by_email(db, smtp_server):
    user = make_insurer(status=InsurerStatus.PENDING)
    accounts.approve_insurer(user.insurer, make_user(Role.ADMIN))
    assert smtp_server == []  # nothing leaves before the commit
    _db.session.commit()
    ((recipients, message),) = smtp_server
    assert recipients == [user.email] and "审核通过" in _subject(message)
    assert "审核通过" in message.get_payload(decode=True).decode()
    notice = _db.session.scalar(sa.select(Notification).where(Notification.user_id == user.id))
    assert "审核通过" in notice.message


def test_a_rolled_back_change_sends_nothing(db, smtp_server):
    user = make_insurer(status=InsurerStatus.PENDING)
    accounts.reject_insurer(user.insurer, make_user(Role.ADMIN), "资料不全")
    _db.session.rollback()
    _db.session.commit()
    assert smtp_server == []


def test_without_smtp_the_email_goes_to_the_log(db, caplog):
    user = make_insurer(status=InsurerStatus.PENDING)
    with caplog.at_level("INFO"):
        accounts.reject_insurer(user.insurer, make_user(Role.ADMIN), "资料不全")
        _db.session.commit()
    assert any("未通过审核" in record.getMessage() for record in caplog.records)


def test_seated_members_are_told(db, smtp_server):
    tender = make_opened_tender()
    users = [make_user(Role.MEMBER) for _ in range(3)]
    smtp_server.clear()  # the insurers' approvals
    evaluation.assign_committee(tender, users, users[0])
    _db.session.commit()
    assert sorted(r[0] for r, _m in smtp_server) == sorted(u.email for u in users)
    assert any("组长" in _subject(m) for _r, m in smtp_server)
    evaluation.assign_committee(tender, users, users[1])  # a new chair: nobody newly seated
    _db.session.commit()
    assert len(smtp_server) == 3


def test_each_role_lands_on_its_tasks(client, db):
    make_user(Role.MEMBER, username="li")
    response = submit(client, "/login", {"username": "li", "password": PASSWORD})
    assert response.headers["Location"] == "/dashboard"


def test_the_manage_page_names_the_next_step_and_when_it_becomes_possible(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    waiting = make_tender(officer=officer, deadline_in=timedelta(days=2))
    page = client.get(f"/tenders/{waiting.id}/manage").get_data(as_text=True)
    assert "下一步" in page and "开标" in page and "起可办理" in page
    opened = make_opened_tender(officer=officer)
    page = client.get(f"/tenders/{opened.id}/manage").get_data(as_text=True)
    assert "组建评标委员会" in page and "起可办理" not in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert f"组建 {opened.reference} 的评标委员会" in dashboard
