"""The lawful exceptions to the 3-supplier rule, as checked against the text (docs/tenders.md)."""

from __future__ import annotations

from datetime import timedelta

from procurement.consultation import operations
from procurement.consultation.exceptions import BY_CODE
from procurement.evaluation import queries
from tests.procurement.consultation.helpers import (
    chair_of,
    consultation_tender,
    insurer_user,
)


def test_the_purchased_service_case_is_confirmed_with_the_notice_wording():
    case = BY_CODE["purchased_service"]
    assert case.confirmed and case.minimum == 2
    assert "财库〔2015〕124号" in case.citation
    assert "只有2家的，竞争性磋商采购活动可以继续进行" in case.wording
    assert "只有1家的" in case.wording and "应当终止竞争性磋商采购活动" in case.wording


def test_the_research_case_stays_unconfirmed_with_the_wording_quoted():
    case = BY_CODE["research"]
    assert not case.confirmed and case.minimum == 2
    assert "提交最后报价的供应商可以为2家" in case.wording
    assert "待核对" in case.source


def test_the_round_page_shows_the_exception_and_its_wording(client, db, login_as, frozen_clock):
    tender = consultation_tender()
    bids = queries.compliant_bids(tender)
    operations.leave(tender, bids[2], insurer_user(bids[2]))
    for bid in bids[:2]:
        operations.record_minute(tender, bid, "磋商", chair_of(tender))
    operations.invite_offers(
        tender, frozen_clock.moment + timedelta(days=1), "research", "科研项目，竞争不充分",
        chair_of(tender),
    )  # fmt: skip
    db.session.commit()
    login_as(chair_of(tender))
    page = client.get(f"/consultation/{tender.id}").get_data(as_text=True)
    assert "提交最后报价的供应商可以为2家" in page
    assert "出自二手资料，待核对原文" in page
