"""Tenders, bids and the opening declare a message for every code they raise; lifecycle moves go
through Tender.move_to; permissions are the model's."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest

import procurement
from procurement.accounts.models import Role
from procurement.bids.operations import BidError
from procurement.opening.operations import OpeningError
from procurement.tenders import operations as tenders
from procurement.tenders.models import TenderStatus, TransitionRefused
from procurement.tenders.operations import TenderError
from tests.factories import make_insurer, make_tender, make_user

ROOT = Path(procurement.__file__).parent
ERRORS = {"TenderError": TenderError, "BidError": BidError, "OpeningError": OpeningError}


def _raised(package: str) -> list[tuple[str, str, str]]:
    found = []
    for path in (ROOT / package).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = getattr(node.exc.func, "id", None)
                first = node.exc.args[0] if node.exc.args else None
                # a code, or one of two codes (`"a" if ... else "b"`)
                codes = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                for code in codes:
                    if name in ERRORS and isinstance(code, ast.Constant):
                        found.append((f"{path.name}:{node.lineno}", name, code.value))
    return found


@pytest.mark.parametrize("package", ["tenders", "bids", "opening"])
def test_every_code_raised_has_a_message(app, package):
    raised = _raised(package)
    assert raised
    with app.test_request_context():
        for where, name, code in raised:
            assert code in ERRORS[name].known_codes(), where


def test_messages_are_chinese_and_filled(app):
    with app.test_request_context():
        assert TenderError("not_insurer").message == "只有保险公司账号可以确认更正公告。"
        assert "3000.00" in BidError("above_ceiling", "price", ceiling="3000.00").message
        assert "1、2" in BidError("acknowledge_first", numbers=[1, 2]).message
        assert "2" in BidError("incomplete", missing=["price", "engineers"]).message
        assert OpeningError("not_yet").message == OpeningError.message_for("not_yet")


def test_only_an_insurer_acknowledges_an_amendment(db):
    tender = make_tender(deadline_in=timedelta(days=30))
    amendment = tenders.amend_tender(
        tender, {"ceiling_price": 3100}, None, "调整最高限价", tender.created_by
    )
    with pytest.raises(TenderError, match="not_insurer"):
        tenders.acknowledge_amendment(amendment, make_user(Role.OFFICER))
    tenders.acknowledge_amendment(amendment, make_insurer())


def test_a_draft_or_a_published_tender_is_cancelled_never_an_opened_one(db):
    draft = make_tender(status="draft")
    tenders.cancel_tender(draft, "采购需求发生变化")
    assert draft.status is TenderStatus.CANCELLED
    with pytest.raises(TenderError, match="cannot_cancel"):
        tenders.cancel_tender(draft, "again")
    with pytest.raises(TransitionRefused):
        draft.move_to(TenderStatus.PUBLISHED)  # a bug in an operation, never a user's error


def test_the_opening_record_is_for_whoever_bid_managed_or_scores(db):
    tender = make_tender()
    officer, outsider = make_user(Role.OFFICER), make_insurer()
    assert tender.can_read_opening_record(officer)
    assert not tender.can_read_opening_record(outsider)
    assert not tender.can_read_opening_record(make_user(Role.MEMBER))  # not on the committee
