"""Clauses and rates "经批准或者备案" (issue 14 §5): the bid says which, with the numbers and the
document; the built-in requirement accepts either; the deductible is scorable like the annual limit."""

from __future__ import annotations

import copy

from procurement.bids.evidence import evidence_rows
from procurement.bids.fields import SOURCES_BY_KEY, source_value
from procurement.bids.forms import BidForm
from procurement.tenders.criteria import problems
from procurement.tenders.models import LegalRoute, TenderMethod
from procurement.tenders.template import builtin_criteria, builtin_requirements
from tests.factories import bid_content


def test_the_bid_says_approved_or_filed_and_the_evidence_shows_it(app):
    with app.test_request_context():
        form = BidForm(meta={"csrf": False})
        assert [choice.value for choice in form.clause_approval.choices] == ["filed", "approved"]
        content = bid_content(
            clause_approval="approved", clause_filing_numbers="粤银保监复〔2024〕12号"
        )
        rows = {str(row.label): row.text for row in evidence_rows(content, "filings")}
    assert rows["保险条款和费率"] == "已经监管部门批准"
    assert rows["条款批准文号或备案号"] == "粤银保监复〔2024〕12号"


def test_the_builtin_requirement_accepts_approval_or_filing(app):
    with app.test_request_context():
        texts = {r["id"]: r["text"] for r in builtin_requirements()}
    assert "批准或者备案" in texts["filed_clauses"]


def test_the_deductible_can_be_scored(app):
    assert SOURCES_BY_KEY["deductible"].kind == "number"
    assert source_value("deductible", bid_content(deductible=500)) == 500.0
    with app.test_request_context():
        criteria = copy.deepcopy(builtin_criteria())
        limits = next(c for c in criteria if c["id"] == "limits")
        limits["max_points"] = 2
        limits["rule"]["bands"] = [[50, 2], [30, 1]]
        criteria.append({"id": "deductible", "name": "免赔额", "group": "terms", "max_points": 2,
                         "rule": {"type": "relative", "better": "lower"}, "source": "deductible"})  # fmt: skip
        found = problems(criteria, builtin_requirements(), LegalRoute.GOVERNMENT_PROCUREMENT,
                         TenderMethod.OPEN_TENDER, "500000")  # fmt: skip
    assert found == []
