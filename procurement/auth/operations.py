"""Signing in (with throttling), registering an insurer, changing a password."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.accounts.queries import insurer_registered, username_taken
from procurement.audit.operations import record
from procurement.auth import queries
from procurement.auth.models import LoginFailure
from procurement.auth.passwords import check_password, dummy_hash, hash_password
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.models import OrganisationKind
from procurement.organisations.operations import organisation_for


def _throttled_message(details: Mapping[str, Any]) -> str:
    from procurement.i18n import local_time

    retry_after = local_time(details["retry_after"], "HH:mm")
    return _("Too many failed attempts. Try again after %(time)s.", time=retry_after)


class SignInRefused(DomainError):
    """Wrong user name or password, or an inactive account (deliberately not told apart)."""

    messages = {
        "refused": _l("Wrong user name or password."),
        "current_password": _l("The current password is wrong."),
    }


class SignInThrottled(DomainError):
    """Too many recent failures on the account or from the address; `retry_after` says until when."""

    messages = {"throttled": _throttled_message}


class DuplicateRegistration(DomainError):
    """The company or the user name is registered already; the code names the form field."""

    messages = {
        "uscc": _l("This code is already registered."),
        "username": _l("This user name is taken."),
    }


def count_attempt(username: str, address: str) -> None:
    """Count a sign-in attempt as a failure before its password is checked; refuse it if the
    account or the address has too many recent failures.

    The attempt is written first and the account's row locked before counting, so concurrent
    guesses are counted one after the other and none passes the limit. The view commits this before
    calling `authenticate`, which removes the account's failures when the password is right.
    """
    name = username.lower()[:64]
    db.session.add(LoginFailure(username=name, address=address[:64], occurred_at=clock.now()))
    db.session.flush()
    queries.user_named(username, for_update=True)
    window = current_app.config["LOGIN_FAILURE_WINDOW"]
    limits = (
        (LoginFailure.username, name, current_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginFailure.address, address[:64], current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )
    for column, value, limit in limits:
        count, first = queries.recent_failures(column, value, window)
        if count > limit and first is not None:  # `count` includes this attempt
            raise SignInThrottled("throttled", retry_after=first + window)


def authenticate(username: str, password: str, address: str) -> User:
    """The account, if the password is right; call after `count_attempt` has been committed."""
    user = queries.user_named(username)
    # An unknown user name costs one hash verification too, so timing does not tell it apart.
    password_hash = user.password_hash if user is not None else dummy_hash()
    if not check_password(password_hash, password) or user is None or not user.active:
        raise SignInRefused("refused", "password")
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.username == username.lower()))
    record("user.sign_in", user, actor=user, details={"address": address})
    return user


def sign_out(user: User) -> None:
    """End every session of the user: their session token changes, so no cookie names them."""
    user.renew_session_token()
    record("user.sign_out", user, actor=user)


def register_insurer(
    *,
    company_name: str,
    uscc: str,
    licence_number: str,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    username: str,
    password: str,
) -> User:
    """Create a pending insurer company and its first account; an administrator approves it later."""
    if insurer_registered(uscc):
        raise DuplicateRegistration("uscc", "uscc")
    if username_taken(username):
        raise DuplicateRegistration("username", "username")
    contact_name, contact_email = contact_name.strip(), contact_email.strip()
    insurer = Insurer(
        name=company_name.strip(),
        uscc=uscc,
        licence_number=licence_number.strip(),
        contact_name=contact_name,
        contact_phone=contact_phone.strip(),
        contact_email=contact_email,
        status=InsurerStatus.PENDING,
    )
    insurer.organisation = organisation_for(OrganisationKind.INSURER, insurer.name, uscc)
    user = User(username=username, display_name=contact_name, email=contact_email, role=Role.INSURER,
                password_hash=hash_password(password), insurer=insurer,
                organisation=insurer.organisation)  # fmt: skip
    db.session.add_all([insurer, user])
    db.session.flush()
    details = {"name": insurer.name, "uscc": insurer.uscc, "username": user.username}
    record("insurer.register", insurer, actor=user, details=details)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password(user.password_hash, current_password):
        raise SignInRefused("current_password", "current_password")
    user.password_hash = hash_password(new_password)
    user.renew_session_token()  # every other device signs in again
    record("user.change_password", user, actor=user)
