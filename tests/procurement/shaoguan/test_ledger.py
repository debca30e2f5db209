"""The ledger's invariants: append-only, corrections by reversal, balances never negative, every
movement audited (on SQLite and, with TEST_DATABASE_URL, PostgreSQL)."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st

from procurement.audit.models import AuditEvent
from procurement.shaoguan import ledger, queries
from procurement.shaoguan.errors import ShaoguanError
from procurement.shaoguan.models import EntryKind, LedgerEntry
from tests.procurement.shaoguan.helpers import PDF, World


def _income(world, amount="100000.00", year=2024):
    return ledger.post_income(world.programme, year=year, amount=Decimal(amount), statement=PDF,
                              statement_filename="对账单.pdf", memo="", user=world.city)  # fmt: skip


def _events(db, action):
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_income_allocation_and_premium_move_the_balances_and_are_audited(db):
    world = World()
    _income(world)
    ledger.allocate(world.programme, world.community, Decimal("7200.00"), memo="", user=world.city)
    ledger.pay_premium(
        world.programme, world.community, Decimal("7000.00"), memo="", user=world.city
    )
    db.session.commit()
    assert queries.pool_balance(world.programme.id) == Decimal("92800.00")
    assert queries.community_balance(world.programme.id, world.community.id) == Decimal("200.00")
    events = _events(db, "shaoguan.ledger_entry")
    assert [e.details["kind"] for e in events] == ["income", "allocation", "premium"]
    assert len(events[0].details["statement_sha256"]) == 64


@pytest.mark.parametrize(
    ("amount", "statement", "field", "message"),
    [
        ("0", PDF, "amount", "金额必须大于零（最多两位小数）。"),
        ("-5", PDF, "amount", "金额必须大于零（最多两位小数）。"),
        ("1.234", PDF, "amount", "金额必须大于零（最多两位小数）。"),
        ("10", None, "statement", "请上传托管银行对账单（PDF）。"),
        ("10", b"not a pdf", "statement", "该文件不是 PDF（按文件内容而非文件名检查）。"),
    ],
)
def test_bad_income_is_refused_and_writes_nothing(db, amount, statement, field, message):
    world = World()
    with pytest.raises(ShaoguanError) as refused:
        ledger.post_income(world.programme, year=2024, amount=Decimal(amount), statement=statement,
                           statement_filename="x.pdf", memo="", user=world.city)  # fmt: skip
    assert refused.value.field == field
    with force_locale("zh"):
        assert ShaoguanError.message_for(refused.value.code, refused.value.details) == message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 0


def test_no_balance_may_become_negative(db):
    world = World()
    _income(world, "1000.00")
    with pytest.raises(ShaoguanError) as refused:
        ledger.allocate(
            world.programme, world.community, Decimal("1000.01"), memo="", user=world.city
        )
    assert refused.value.code == "pool_negative"
    with force_locale("zh"):
        assert "仅余 1000.00 元" in ShaoguanError.message_for(
            "pool_negative", refused.value.details
        )
    ledger.allocate(world.programme, world.community, Decimal("600.00"), memo="", user=world.city)
    with pytest.raises(ShaoguanError) as refused:
        ledger.pay_premium(
            world.programme, world.community, Decimal("600.01"), memo="", user=world.city
        )
    assert refused.value.code == "community_negative"
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 2


def test_corrections_are_reversing_entries_and_entries_cannot_be_changed_or_deleted(db):
    world = World()
    wrong = _income(world, "500.00")
    db.session.commit()
    reversal = ledger.reverse(wrong, memo="金额录入错误", user=world.city)
    db.session.commit()
    assert (reversal.kind, reversal.amount, reversal.reverses_id) == (
        EntryKind.INCOME,
        Decimal("-500.00"),
        wrong.id,
    )
    assert queries.pool_balance(world.programme.id) == 0
    for again in (wrong, reversal):
        with pytest.raises(ShaoguanError):
            ledger.reverse(again, memo="", user=world.city)
    wrong.amount = Decimal("1.00")
    with pytest.raises(RuntimeError, match="reversing entry"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(LedgerEntry, wrong.id))
    with pytest.raises(RuntimeError, match="reversing entry"):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 2


def test_reversing_income_already_allocated_is_refused(db):
    world = World()
    income = _income(world, "500.00")
    ledger.allocate(world.programme, world.community, Decimal("400.00"), memo="", user=world.city)
    db.session.commit()
    with pytest.raises(ShaoguanError) as refused:
        ledger.reverse(income, memo="", user=world.city)
    assert refused.value.code == "pool_negative"


_MOVES = st.lists(
    st.tuples(
        st.sampled_from(["income", "allocate", "pay", "reverse"]),
        st.integers(min_value=1, max_value=5000),
    ),
    max_size=12,
)


def test_any_sequence_of_movements_keeps_every_balance_at_or_above_zero(db):
    world = World()  # one world; each example's movements are rolled back at its end

    @settings(deadline=None, max_examples=30)
    @given(_MOVES)
    def run(moves):
        for action, number in moves:
            with contextlib.suppress(ShaoguanError):
                _move(world, action, number)
            assert queries.pool_balance(world.programme.id) >= 0
            assert queries.community_balance(world.programme.id, world.community.id) >= 0
        count = db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry))
        assert len(_events(db, "shaoguan.ledger_entry")) == count
        db.session.rollback()

    run()


def _move(world, action, number):
    amount = Decimal(number).quantize(Decimal("0.01"))
    if action == "income":
        _income(world, str(amount))
    elif action == "allocate":
        ledger.allocate(world.programme, world.community, amount, memo="", user=world.city)
    elif action == "pay":
        ledger.pay_premium(world.programme, world.community, amount, memo="", user=world.city)
    else:
        entries = queries.ledger(world.programme)
        if entries:
            ledger.reverse(entries[number % len(entries)], memo="", user=world.city)
