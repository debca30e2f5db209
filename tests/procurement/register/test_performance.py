"""Insurers' performance from the small register (helpers.py), computed by hand; the percentiles'
interpolation checked on hand-computed cases; the public pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from procurement.accounts.models import Insurer
from procurement.extensions import db as database
from procurement.register import performance as perf
from procurement.register.models import PolicyStatus
from procurement.register.performance import percentile
from tests.procurement.publication.test_admitted import awarded
from tests.procurement.register import helpers as h

Y2024 = (date(2024, 1, 1), date(2025, 1, 1))


@pytest.mark.parametrize(
    ("hours", "p", "expected"),
    [
        # rank (n-1)·p/100 between the sorted values, linear in between
        ([4, 1, 3, 2], 50, "2.5"),  # rank 1.5: 2 + 0.5·(3-2)
        ([4, 1, 3, 2], 90, "3.7"),  # rank 2.7: 3 + 0.7·(4-3)
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, "9.1"),  # rank 8.1
        ([12.5, 48], 90, "44.5"),  # rank 0.9: 12.5 + 0.9·35.5 = 44.45, half-up
        ([12.5, 48], 50, "30.3"),  # 30.25, half-up
        ([10], 90, "10.0"),
    ],
)
def test_percentiles_by_hand(hours, p, expected):
    assert percentile(np.array(hours, dtype=float), p) == Decimal(expected)


def test_no_claims_no_percentile():
    assert percentile(np.array([]), 90) is None


def _insurer(uscc):
    return database.session.query(Insurer).filter_by(uscc=uscc).one()


def test_performance_by_hand(db):
    a, b = h.build()
    one = perf.performance(_insurer(a).id, *Y2024)
    # 甲 in 2024: C1 (survey 1 h, assessment 24 h, payment 48 h), C2 (payment 12.5 h), C4 (open)
    assert one.claims == 3
    survey, assessment, payment = (one.steps[s] for s in ("survey", "assessment", "payment"))
    assert (survey.n, survey.median, survey.p90) == (1, Decimal("1.0"), Decimal("1.0"))
    assert (assessment.n, assessment.p90) == (1, Decimal("24.0"))
    assert (payment.n, payment.median, payment.p90) == (2, Decimal("30.3"), Decimal("44.5"))
    assert payment.promised is None and payment.within is None  # no award yet
    # ratings of 甲 dated 2024: 90, 85 and 10 (乙使用单位's) → 61.67; the 2023 one left out
    assert (one.ratings, one.satisfaction) == (3, Decimal("61.7"))
    assert one.policies == {PolicyStatus.ISSUED: 2} and (one.continued, one.surrendered) == (0, 0)
    two = perf.performance(_insurer(b).id, *Y2024)
    # 乙: C3 reported 2024-12-31 21:00 Beijing time, paid 2025-01-01 10:00: 13 h
    assert two.claims == 1 and two.steps["payment"].p90 == Decimal("13.0")
    assert two.steps["survey"].n == 0 and two.steps["survey"].median is None
    later = perf.performance(_insurer(b).id, date(2025, 1, 1), date(2026, 1, 1))
    assert later.claims == 0 and later.continued == 1  # P3 renewed (已续保), P2 still issued
    assert later.policies == {PolicyStatus.ISSUED: 1, PolicyStatus.RENEWED: 1}


def test_overview_reads_every_insurer_at_once(db):
    a, b = h.build()
    rows = perf.overview([_insurer(a), _insurer(b)], *Y2024)
    assert [(i.uscc, n, step.n, step.p90) for i, n, step in rows] == [
        (a, 3, 2, Decimal("44.5")),
        (b, 1, 1, Decimal("13.0")),
    ]


def test_the_year_before_a_day():
    assert perf.year_before(date(2026, 5, 31)) == (date(2025, 5, 31), date(2026, 5, 31))
    assert perf.year_before(date(2028, 2, 29)) == (date(2027, 2, 28), date(2028, 2, 29))


def test_against_the_winning_bid(db, frozen_clock):
    tender = awarded(db, frozen_clock)
    from procurement.publication import queries

    notice = queries.notice_of(tender)
    winner = next(b for b in tender.bids if f"B{b.id}" == queries.admitted_of(notice)[0])
    h.load()
    other = h.insurers()[1]
    from procurement.register import operations

    operations.apply_file("elevators", "e.csv", h.file("elevators", h.elevator_rows()))
    policies = h.policy_rows(winner.insurer.uscc, other)
    operations.apply_file("policies", "p.csv", h.file("policies", policies))
    operations.apply_file("claims", "c.csv", h.file("claims", h.claim_rows()))
    db.session.commit()
    got = perf.performance(winner.insurer_id, *Y2024)
    # the bid promised survey 2 h, assessment 24 h, payment 72 h (tests.factories.bid_content)
    assert got.promise[0].id == tender.id
    steps = got.steps
    assert [(steps[s].promised, steps[s].within) for s in ("survey", "assessment", "payment")] == [
        (2.0, 1),
        (24.0, 1),
        (72.0, 2),
    ]


def test_the_public_pages(client, db):
    a, b = h.build()
    db.session.commit()
    insurer = _insurer(a)
    page = client.get(f"/pilot/insurers/{insurer.id}?year=2024").get_data(as_text=True)
    assert "甲保险" in page and "44.5" in page and "30.3" in page and "61.7" in page
    assert h.UNIT_A not in page and "甲使用单位" not in page  # no user unit is named
    listing = client.get("/pilot/insurers/?year=2024").get_data(as_text=True)
    assert f"/pilot/insurers/{insurer.id}?year=2024" in listing and "乙保险" in listing
    assert client.get("/pilot/insurers/").status_code == 200  # the last 12 months
    assert client.get("/pilot/insurers/?year=abc").status_code == 404
    assert client.get("/pilot/insurers/99999").status_code == 404
