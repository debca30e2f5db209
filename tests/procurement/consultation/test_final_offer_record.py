"""The record of the final offers' opening: read where the bids' opening record is, never before."""

from __future__ import annotations

import io

from procurement.accounts.models import Role
from procurement.consultation import operations
from procurement.evaluation import queries
from procurement.extensions import db
from tests.factories import make_insurer, make_office, make_user
from tests.procurement.consultation.helpers import (
    chair_of,
    consultation_tender,
    insurer_user,
    invite,
    open_offers,
)
from tests.procurement.consultation.helpers import submit as submit_offer
from tests.procurement.consultation.test_consultation_views import sign_out

FINAL = ("2333.33", "2177.77", "2411.11")  # none of them a first price


def offered(frozen_clock):
    """Five consulted suppliers: three offer, one leaves, one offers nothing."""
    tender = consultation_tender(prices=("2400.00", "2600.00", "2200.00", "2500.00", "2550.00"))
    bids = queries.compliant_bids(tender)
    for bid in bids:
        operations.record_minute(tender, bid, f"与{bid.insurer.name}磋商", chair_of(tender))
    invite(tender)
    receipts = [
        submit_offer(tender, bid, price).receipt_hash
        for bid, price in zip(bids, FINAL, strict=False)
    ]
    operations.leave(tender, bids[3], insurer_user(bids[3]))
    db.session.commit()
    frozen_clock.advance(hours=25)
    return tender, bids, receipts


def pages(client, tender) -> str:
    record = client.get(f"/tenders/{tender.id}/opening-record")
    assert record.status_code == 200
    pdf = client.get(f"/tenders/{tender.id}/opening-record.pdf")
    assert pdf.status_code == 200
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    return record.get_data(as_text=True) + "\n" + text.replace(" ", "").replace("\n", "")


def test_nobody_reads_a_final_price_before_the_final_offers_are_opened(
    client, db, login_as, frozen_clock
):
    tender, bids, _receipts = offered(frozen_clock)
    assert client.get(f"/tenders/{tender.id}/opening-record").status_code in (302, 401)
    for user in (insurer_user(bids[0]), chair_of(tender), tender.created_by):
        login_as(user)
        both = pages(client, tender)
        assert not any(price in both for price in FINAL)
        assert "最后报价开启记录" not in both
        sign_out(client)


def test_after_the_opening_the_record_shows_every_final_offer(client, db, login_as, frozen_clock):
    tender, bids, receipts = offered(frozen_clock)
    open_offers(tender)
    db.session.commit()
    assert client.get(f"/tenders/{tender.id}/opening-record").status_code in (302, 401)
    for user in (insurer_user(bids[4]), chair_of(tender), tender.created_by):
        login_as(user)
        both = pages(client, tender)
        assert all(price in both for price in FINAL)
        assert all(receipt in both for receipt in receipts)  # the page shows them whole
        assert all(receipt[:16] in both.split("\n", 1)[1] for receipt in receipts)  # the PDF
        assert "最后报价开启记录" in both and "已于" in both and "退出磋商" in both
        assert "未提交最后报价，视为退出磋商" in both
        assert tender.created_by.display_name in both
        sign_out(client)
    login_as(make_user(Role.MEMBER))  # not on this committee
    assert client.get(f"/tenders/{tender.id}/opening-record").status_code == 403
    sign_out(client)
    login_as(make_insurer())  # did not bid
    assert client.get(f"/tenders/{tender.id}/opening-record").status_code in (403, 404)
    sign_out(client)
    login_as(make_user(Role.OFFICER, organisation=make_office("另一区住建委")))
    assert client.get(f"/tenders/{tender.id}/opening-record").status_code == 404


def test_the_evaluation_report_shows_the_first_price_and_the_scored_final_offer(db, frozen_clock):
    from procurement.evaluation import operations as evaluation
    from procurement.evaluation.report import render_report
    from tests.procurement.evaluation.test_evaluation_operations import full_scores
    from tests.procurement.evaluation.test_report import pdf_text

    tender, bids, receipts = offered(frozen_clock)
    open_offers(tender)
    seats = queries.members(tender)
    for seat in seats:
        evaluation.save_scores(
            seat, {key: value for key, value in full_scores(tender).items() if key[0] != bids[3].id}
        )
        evaluation.submit_scoresheet(seat)
    evaluation.compute_result(tender)
    db.session.commit()
    text = pdf_text(render_report(tender, draft_version=1)).replace(" ", "").replace("\n", "")
    assert "首次报价" in text and "最后报价（评分依据）" in text
    for bid, price in zip(bids, FINAL, strict=False):
        assert bid.opened_price is not None
        assert f"{bid.opened_price}{price}" in text  # one row: the first price, then the final
    assert all(receipt[:16] in text for receipt in receipts)
    assert "未提交最后报价，视为退出磋商" in text and "退出磋商" in text
