"""Reads: who may be chosen as a key holder, and a tender's key and holders."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Role, User
from procurement.extensions import db
from procurement.keyholders.models import HOLDER_ROLES, HolderKey, TenderKey
from procurement.tenders.models import Tender


def ready_holders(office_of: User | None = None) -> list[User]:
    """Active officers and supervisors who have set a key-holder passphrase; given an officer,
    only the officers of that officer's organisation (the owning office chooses among its own)."""
    query = (
        sa.select(User)
        .join(HolderKey, HolderKey.user_id == User.id)
        .where(User.active.is_(True), User.role.in_(list(HOLDER_ROLES)))
        .order_by(User.role.desc(), User.display_name, User.id)
    )
    if office_of is not None:
        query = query.where(
            sa.or_(User.role != Role.OFFICER, User.organisation_id == office_of.organisation_id)
        )
    return list(db.session.scalars(query))


def default_holders(officer: User, ready: list[User]) -> list[User]:
    """The suggested 3: the publishing officer, a second officer and a supervisor (when ready)."""
    chosen = [user for user in ready if user.id == officer.id]
    second = next((u for u in ready if u.role is Role.OFFICER and u.id != officer.id), None)
    supervisor = next((u for u in ready if u.role is Role.ADMIN), None)
    return chosen + [user for user in (second, supervisor) if user is not None]


def has_key(user: User) -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count()).where(HolderKey.user_id == user.id)))


def tender_key_of(tender: Tender) -> TenderKey | None:
    return db.session.scalar(sa.select(TenderKey).where(TenderKey.tender_id == tender.id))


def opening_holders(tender: Tender) -> list[User]:
    """The key holders whose passphrases opened the tender's bids."""
    tender_key = tender_key_of(tender)
    if tender_key is None or not tender_key.opened_with:
        return []
    users = {
        u.id: u
        for u in db.session.scalars(sa.select(User).where(User.id.in_(tender_key.opened_with)))
    }
    return [users[i] for i in tender_key.opened_with if i in users]
