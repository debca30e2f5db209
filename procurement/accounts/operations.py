"""Account administration: staff accounts, insurer approval, deactivation. Never deletes a user."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.accounts.queries import username_taken
from procurement.audit.operations import record
from procurement.auth.passwords import hash_password
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.models import Organisation


class AccountError(DomainError):
    messages = {
        "username_taken": _l("This user name is taken."),
        "already_reviewed": _l("This registration has already been reviewed."),
        "reason_required": _l("Give a reason for the rejection."),
        "self_deactivation": _l("You cannot deactivate your own account."),
    }


def create_account(
    *,
    role: Role,
    username: str,
    display_name: str,
    email: str,
    password: str,
    insurer: Insurer | None = None,
    organisation: Organisation | None = None,
) -> User:
    if username_taken(username):
        raise AccountError("username_taken", "username")
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email.strip(),
        password_hash=hash_password(password),
        role=role,
        insurer=insurer,
        organisation=organisation or (insurer.organisation if insurer else None),
    )
    db.session.add(user)
    db.session.flush()
    record("user.create", user, details={"username": username, "role": role.value})
    return user


def _review(insurer: Insurer, status: InsurerStatus, reason: str | None, reviewer: User) -> None:
    if insurer.status is not InsurerStatus.PENDING:
        raise AccountError("already_reviewed")
    before = insurer.status.value
    insurer.status = status
    insurer.review_reason = reason
    insurer.reviewed_at = clock.now()
    insurer.reviewed_by = reviewer
    record(
        f"insurer.{'approve' if status is InsurerStatus.APPROVED else 'reject'}",
        insurer,
        details={"before": before, "after": status.value, "reason": reason},
    )
    from procurement.publication import notifications  # accounts are below publication

    notifications.insurer_reviewed(insurer, status is InsurerStatus.APPROVED, reason)


def approve_insurer(insurer: Insurer, reviewer: User, note: str | None = None) -> None:
    _review(insurer, InsurerStatus.APPROVED, note or None, reviewer)


def reject_insurer(insurer: Insurer, reviewer: User, reason: str) -> None:
    if not reason.strip():
        raise AccountError("reason_required", "reason")
    _review(insurer, InsurerStatus.REJECTED, reason.strip(), reviewer)


def set_active(user: User, active: bool, by: User) -> None:
    if user.id == by.id and not active:
        raise AccountError("self_deactivation")
    if user.active == active:
        return
    user.active = active
    record(
        "user.activate" if active else "user.deactivate",
        user,
        details={"before": not active, "after": active},
    )
