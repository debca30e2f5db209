"""Notifications: in the app, and by email when SMTP is configured (the development log otherwise).

`notify(user, message, link)` adds the in-app notification and asks for a job (`email`, issue 19)
that emails it to the user's address: the job is queued only when the transaction commits (a
refused operation rolls back and sends nothing), and a worker sends it with the standard library's
smtplib when `SMTP_HOST` is set; without it the email is written to the application log, so
development needs no mail server. A failed delivery is tried again (JOBS_RETRIES) and then shown
failed under /jobs/ to the administrators, who retry it; it never undoes what was committed: the
in-app notification stays.

The texts are official Chinese wording, kept here with the events that send them.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from flask import current_app

from procurement.accounts.models import Insurer, User
from procurement.extensions import db
from procurement.i18n import local_time
from procurement.publication.models import Notification

EMAIL = "email"  # the job that emails a notification (subject: the notification's id)


def notify(user: User, message: str, link: str = "") -> None:
    notification = Notification(user_id=user.id, message=message, link=link)
    db.session.add(notification)
    if user.email:
        from procurement.jobs import operations as jobs

        db.session.flush()
        jobs.ensure(EMAIL, notification.id, owner_id=None)  # failures: the administrators


def notify_insurer(insurer: Insurer, message: str, link: str = "") -> None:
    """Every account of an insurer company."""
    for user in insurer.users:
        notify(user, message, link)


# The events, in official wording ----------------------------------------------------------------


def insurer_reviewed(insurer: Insurer, approved: bool, reason: str | None) -> None:
    if approved:
        message = f"贵公司（{insurer.name}）的注册申请已审核通过，可以参与投标。"
    else:
        message = f"贵公司（{insurer.name}）的注册申请未通过审核。原因：{reason or ''}"
    notify_insurer(insurer, message, "/accounts/me")


def member_seated(user: User, reference: str, tender_id: int, chair: bool) -> None:
    role = "评标委员会组长" if chair else "评标委员会成员"
    notify(
        user, f"您已被选为 {reference} 的{role}，请先进行利害关系声明。", f"/evaluation/{tender_id}"
    )


def report_to_sign(
    user: User, reference: str, tender_id: int, version: int, withdrawn: bool
) -> None:
    """A new draft of the evaluation report awaits the member's signature."""
    if withdrawn:
        text = (
            f"{reference} 的评标报告内容已变更，您对原草稿的签署已撤回，"
            f"请审阅第{version}版草稿并重新签署。"
        )
    else:
        text = f"{reference} 的评标报告草稿（第{version}版）已生成，请审阅后签署。"
    notify(user, text, f"/evaluation/{tender_id}/sign")


def report_draft_void(user: User, reference: str, tender_id: int, withdrawn: bool) -> None:
    """The draft is void until the chair finalises the ranking again."""
    signed = "您的签署已撤回；" if withdrawn else ""
    notify(
        user,
        f"{reference} 的评标报告草稿已作废，{signed}评标委员会组长重新确定评标结论后请重新签署。",
        f"/evaluation/{tender_id}",
    )


def candidates_publicised(
    insurers: list[Insurer], reference: str, ends: datetime, closes: datetime
) -> None:
    message = (
        f"{reference} 中标候选人已公示，公示期至 {local_time(ends)}；"
        f"对结果有异议的，请于 {local_time(closes)} 前提出。"
    )
    for insurer in insurers:
        notify_insurer(insurer, message, f"/tenders/{reference}/notice")


def objection_answered(user: User, reference: str, number: int) -> None:
    notify(user, f"您对 {reference} 提出的第{number}号异议已答复。", f"/tenders/{reference}/notice")


def awarded(
    insurer: Insurer, reference: str, won: bool, consultation: bool, admission: bool = False
) -> None:
    """中标 (成交 for competitive consultation), with the letter to download; on a tender that admits
    several insurers (入围) an admitted insurer is told it is admitted, never that it won."""
    word = "成交" if consultation else "中标"
    if admission:
        text = (
            f"{reference}：贵公司入围，已列入入围名单。请下载入围通知书。"
            if won
            else f"{reference}：贵公司未入围。请下载结果通知书。"
        )
    elif won:
        text = f"{reference}：贵公司{word}。请下载{word}通知书。"
    else:
        text = f"{reference}：贵公司未{word}。请下载结果通知书。"
    notify_insurer(insurer, text, f"/tenders/{reference}/letter")


# Sending ----------------------------------------------------------------------------------------


def send(notification_id: int, progress: Callable[[int], None]) -> str:
    """The job: email a notification to its user's address (raising when the server refuses, so
    that the job is tried again)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        return "notification gone"
    user = db.session.get(User, notification.user_id)
    if user is None or not user.email:
        return "no address"
    send_email(user.email, notification.message, notification.link)
    return f"emailed to {user.email}"


def send_email(address: str, message: str, link: str) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["SMTP_SENDER"]
    email["To"] = address
    email["Subject"] = f"【梯保】{message[:60]}"
    base = config.get("PUBLIC_URL", "").rstrip("/")
    email.set_content(f"{message}\n\n{base}{link}\n" if link else f"{message}\n")
    if not config["SMTP_HOST"]:
        current_app.logger.info("email (SMTP not configured) to %s: %s", address, message)
        return
    try:
        with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=10) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USER"]:
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as error:
        # Committed already: the in-app notification stays; the job is tried again, then shown
        # failed to the administrators.
        current_app.logger.warning("email to %s failed: %s", address, error)
        raise
