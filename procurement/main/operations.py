"""The one change the main pages make: remembering a signed-in user's language."""

from __future__ import annotations

from procurement.accounts.models import User
from procurement.extensions import db


def remember_language(user: User, locale: str) -> None:
    """Keep the chosen language on the account, for the next sign-in on any device."""
    user.locale = locale
    db.session.flush()
