"""Several admitted insurers (入围, issue 14 §3): a tender that admits three, its award, notices,
OCDS awards and the public list by district that user units choose from."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.publication import operations as publication
from procurement.publication import queries
from procurement.publication.models import Notification
from procurement.tenders.models import TenderStatus
from tests.procurement.api.test_ocds import (  # noqa: F401  # the fixtures
    check,
    release_schema,
    validator,
)
from tests.procurement.publication.test_publication import evaluated


def awarded(db, frozen_clock, **admission):
    tender = evaluated(db)
    for key, value in admission.items():
        setattr(tender, key, value)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    frozen_clock.advance(days=30)
    publication.award(tender, tender.created_by)
    db.session.commit()
    return tender


def test_a_tender_admits_three_insurers(client, db, frozen_clock, validator):  # noqa: F811
    tender = awarded(db, frozen_clock, admit_count=3)
    notice = queries.notice_of(tender)
    ranking = notice.result["ranking"]
    admitted = queries.admitted_of(notice)
    assert admitted == [r["bid"] for r in ranking[:3]] and tender.status is TenderStatus.AWARDED
    messages = db.session.scalars(sa.select(Notification.message)).all()
    # Each admitted insurer is told it is admitted (入围), never that it won (中标); the others that
    # they were not admitted.
    told = [m for m in messages if "通知书" in m]
    assert len(told) == 5 and not any("中标" in m for m in told)
    assert sum("贵公司入围" in m and "入围通知书" in m for m in messages) == 3
    assert sum("贵公司未入围" in m and "结果通知书" in m for m in messages) == 2
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "publication.award")
    ).one()
    assert [a["bid"] for a in event.details["admitted"]] == admitted
    names = notice.result["names"]
    page = client.get(f"/tenders/{tender.reference}/notice").get_data(as_text=True)
    assert all(names[key] in page for key in admitted)
    package = client.get(f"/api/v1/tenders/{tender.reference}/ocds").json
    check(validator, package)
    awards = package["releases"][-1]["awards"]  # the award release, last of the history
    assert [a["suppliers"][0]["name"] for a in awards] == [names[key] for key in admitted]
    assert len({a["id"] for a in awards}) == 3


def test_the_public_list_by_district_shows_products_rates_and_filing(client, db, frozen_clock):
    tender = awarded(db, frozen_clock, admit_count=3)
    notice = queries.notice_of(tender)
    names = notice.result["names"]
    admitted = queries.admitted_of(notice)
    left_out = [r["bid"] for r in notice.result["ranking"][3:]]
    for url in ("/admitted", "/admitted?district=渝中区"):
        page = client.get(url).get_data(as_text=True)
        assert all(names[key] in page for key in admitted)
        assert not any(names[key] in page for key in left_out)
        assert (
            tender.reference in page and "已向监管部门备案" in page and "C00001234567890123" in page
        )
    assert client.get("/admitted?district=浈江区").status_code == 404  # no awarded tender there


def test_a_minimum_score_admits_every_insurer_reaching_it(db, frozen_clock):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    notice = queries.notice_of(tender)
    totals = [Decimal(str(r["total"])) for r in notice.result["ranking"]]
    tender.admit_min_score = totals[1]  # the first two reach it
    assert queries.admitted_of(notice) == [r["bid"] for r in notice.result["ranking"][:2]]
    tender.admit_count = 1  # both: the best of those reaching it, up to the number
    assert queries.admitted_of(notice) == [notice.result["ranking"][0]["bid"]]


@pytest.mark.parametrize("admission", [{}])
def test_without_admission_one_winner_as_before(db, frozen_clock, admission):
    tender = awarded(db, frozen_clock, **admission)
    notice = queries.notice_of(tender)
    assert queries.admitted_of(notice) == [notice.result["ranking"][0]["bid"]]


def test_the_officer_sets_and_clears_the_admission_on_a_draft(db):
    from procurement.tenders import operations as tenders
    from tests.factories import make_tender

    tender = make_tender(status="draft")
    dates = {"reference": tender.reference, "submission_deadline": tender.submission_deadline,
             "opening_time": tender.opening_time}  # fmt: skip
    tenders.update_tender(tender, {**dates, "admit_count": 3, "admit_min_score": Decimal("80.5")})
    assert (tender.admit_count, tender.admit_min_score) == (3, Decimal("80.5"))
    tenders.update_tender(tender, {**dates, "admit_count": None, "admit_min_score": None})
    assert (tender.admit_count, tender.admit_min_score) == (None, None)
