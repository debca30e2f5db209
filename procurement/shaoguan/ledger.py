"""The ledger of the pooled income (统筹所得、统筹使用): yearly income, allocations to communities and
premiums paid. Append-only: a correction is a reversing entry. Every movement is audited, and
neither the programme's unallocated income nor a community's allocated income may become negative.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from procurement import clock
from procurement.audit.operations import record
from procurement.extensions import db
from procurement.register.models import Community
from procurement.shaoguan import queries
from procurement.shaoguan.errors import ShaoguanError
from procurement.shaoguan.files import checked_pdf
from procurement.shaoguan.models import EntryKind, LedgerEntry, Programme

MAX_AMOUNT = Decimal("100000000000")


def post_income(
    programme: Programme,
    *,
    year: int,
    amount: Decimal,
    statement: bytes | None,
    statement_filename: str | None,
    memo: str,
    user: Any,
) -> LedgerEntry:
    """Post a year's value-added income for the city, with the custodian bank's statement."""
    _check_amount(amount)
    if not 2000 <= year <= 2100:
        raise ShaoguanError("year_range", "year")
    data = checked_pdf(statement, "statement")
    if data is None:
        raise ShaoguanError("statement_required", "statement")
    filename = (statement_filename or "statement.pdf")[:200]
    entry = _add(programme, EntryKind.INCOME, amount, user, year=year, memo=memo,
                 statement=data, statement_filename=filename)  # fmt: skip
    return _recorded(entry)


def allocate(
    programme: Programme,
    community: Community | None,
    amount: Decimal,
    *,
    memo: str,
    user: Any,
    proposal_id: int | None = None,
) -> LedgerEntry:
    """Allocate income from the pool to a community."""
    _check_amount(amount)
    if community is None:
        raise ShaoguanError("community_required", "community")
    entry = _add(programme, EntryKind.ALLOCATION, amount, user, memo=memo, community=community,
                 proposal_id=proposal_id)  # fmt: skip
    return _recorded(entry)


def pay_premium(
    programme: Programme,
    community: Community,
    amount: Decimal,
    *,
    memo: str,
    user: Any,
    proposal_id: int | None = None,
) -> LedgerEntry:
    """Pay a premium to the insurer from a community's allocated income."""
    _check_amount(amount)
    entry = _add(programme, EntryKind.PREMIUM, amount, user, memo=memo, community=community,
                 proposal_id=proposal_id)  # fmt: skip
    return _recorded(entry)


def reverse(entry: LedgerEntry, *, memo: str, user: Any) -> LedgerEntry:
    """Cancel an entry by a new one of the opposite amount; the original stays as it was."""
    if entry.reverses_id is not None:
        raise ShaoguanError("is_reversal")
    if queries.reversal_of(entry) is not None:
        raise ShaoguanError("already_reversed")
    programme = db.session.get(Programme, entry.programme_id)
    assert programme is not None  # noqa: S101  # a foreign key
    reversal = _add(
        programme, entry.kind, -entry.amount, user, year=entry.year, memo=memo,
        community=entry.community, reverses_id=entry.id, proposal_id=entry.proposal_id,
    )  # fmt: skip
    return _recorded(reversal)


def _check_amount(amount: Decimal) -> None:
    if amount is None or amount <= 0:
        raise ShaoguanError("amount_positive", "amount")
    if amount >= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise ShaoguanError("amount_positive", "amount")


def _add(
    programme: Programme,
    kind: EntryKind,
    amount: Decimal,
    user: Any,
    *,
    memo: str,
    year: int | None = None,
    community: Community | None = None,
    **columns: Any,
) -> LedgerEntry:
    # One movement at a time per programme: the row lock makes the balance check hold under
    # concurrent requests on PostgreSQL (SQLite serialises writers anyway).
    db.session.execute(
        sa.select(Programme.id).where(Programme.id == programme.id).with_for_update()
    )
    now = clock.now()
    entry = LedgerEntry(
        programme_id=programme.id,
        kind=kind,
        year=year if year is not None else now.year,
        amount=amount,
        community_id=community.id if community is not None else None,
        memo=memo.strip(),
        recorded_at=now,
        recorded_by_id=getattr(user, "id", None),
        **columns,
    )
    # Checked before anything is written: a refused movement leaves the session as it was.
    pool = queries.pool_balance(programme.id)
    if pool + _pool_effect(entry) < 0:
        raise ShaoguanError("pool_negative", "amount", balance=pool)
    if community is not None:
        held = queries.community_balance(programme.id, community.id)
        if held + _community_effect(entry) < 0:
            raise ShaoguanError("community_negative", "amount", balance=held)
    db.session.add(entry)
    db.session.flush()
    return entry


def _pool_effect(entry: LedgerEntry) -> Decimal:
    signs = {EntryKind.INCOME: 1, EntryKind.ALLOCATION: -1, EntryKind.PREMIUM: 0}
    return entry.amount * signs[entry.kind]


def _community_effect(entry: LedgerEntry) -> Decimal:
    signs = {EntryKind.INCOME: 0, EntryKind.ALLOCATION: 1, EntryKind.PREMIUM: -1}
    return entry.amount * signs[entry.kind]


def _recorded(entry: LedgerEntry) -> LedgerEntry:
    details = {
        "kind": entry.kind.value,
        "year": entry.year,
        "amount": str(entry.amount),
        "community_id": entry.community_id,
        "proposal_id": entry.proposal_id,
        "reverses": entry.reverses_id,
        "memo": entry.memo,
    }
    if entry.statement is not None:
        import hashlib

        details["statement_sha256"] = hashlib.sha256(entry.statement).hexdigest()
    record("shaoguan.ledger_entry", entry, details=details)
    return entry
