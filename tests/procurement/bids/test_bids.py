"""Sealed bids: submission of what the browser sealed, receipts, revision, withdrawal,
attachments, and what the server refuses."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import timedelta

import pypdf
import sqlalchemy as sa

from procurement.accounts.models import InsurerStatus, Role
from procurement.audit.models import AuditEvent
from procurement.bids.models import Bid, BidStatus
from procurement.bids.sealed import attachment_context
from procurement.keyholders import envelope
from procurement.keyholders.queries import tender_key_of
from procurement.tenders import operations as tenders
from tests.conftest import submit
from tests.factories import bid_content, make_insurer, make_tender, make_user, seal_bid

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_bid(client, tender, user, price="2400.00"):
    sealed = seal_bid(tender, user, bid_content(price))
    data = {"sealed_content": base64.b64encode(sealed).decode()}
    return submit(client, f"/bids/{tender.reference}", data)


def upload(client, tender, data, name="方案.pdf", *, sealed=True, user=None):
    if sealed:
        key = tender_key_of(tender).public_key
        data = envelope.seal(key, data, attachment_context(tender.id, user.insurer_id))
    return submit(
        client,
        f"/bids/{tender.reference}/attachments",
        {"file": (io.BytesIO(data), name)},
        form_page=f"/bids/{tender.reference}",
    )


def test_the_page_seals_in_the_browser_and_needs_javascript(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer())
    page = client.get(f"/bids/{tender.reference}").get_data(as_text=True)
    assert "<noscript>" in page and "投标需要启用 JavaScript" in page
    public_key = base64.b64encode(tender_key_of(tender).public_key).decode()
    assert f'data-seal-key="{public_key}"' in page and 'data-ceiling="3000.00"' in page
    assert "<fieldset disabled>" in page  # nothing can be sent without seal.js
    assert 'id="bid-form" class="card" novalidate' in page and "seal.js" in page


def test_submit_receipt_and_revision(client, db, login_as):
    tender = make_tender()
    insurer = login_as(make_insurer())
    done = post_bid(client, tender, insurer)
    assert done.status_code == 302 and done.headers["Location"].endswith("/receipt")
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.SUBMITTED and bid.revision == 1
    assert b"2400" not in bid.sealed_content  # the server holds ciphertext only
    # the receipt, recomputed here from the documented formula
    payload = {
        "tender": tender.reference,
        "insurer": insurer.insurer.uscc,
        "content": hashlib.sha256(bid.sealed_content).hexdigest(),
        "attachments": [],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert bid.receipt_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert bid.receipt_hash in client.get(f"/bids/{tender.reference}/receipt").get_data(
        as_text=True
    )
    # the audit keeps the receipt but never the price
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "bid.submit"))
    assert event.details["receipt"] == bid.receipt_hash and "2400" not in json.dumps(event.details)
    first_receipt = bid.receipt_hash
    assert post_bid(client, tender, insurer, "2350.00").status_code == 302
    db.session.refresh(bid)
    assert bid.revision == 2 and bid.receipt_hash != first_receipt


def test_the_receipt_pdf_holds_the_hash(client, db, login_as):
    tender = make_tender()
    insurer = login_as(make_insurer(name="渝北财产保险股份有限公司"))
    post_bid(client, tender, insurer)
    bid = db.session.scalar(sa.select(Bid))
    response = client.get(f"/bids/{tender.reference}/receipt.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "投标回执" in text and "渝北财产保险股份有限公司" in text
    assert bid.receipt_hash in text.replace("\n", "").replace(" ", "")


def test_what_the_browser_did_not_seal_is_refused(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    plain = base64.b64encode(json.dumps(bid_content()).encode()).decode()
    for data in ({"sealed_content": plain}, {"sealed_content": "not base64!"}, {"price": "2400"}):
        refused = submit(client, url, data)
        assert refused.status_code == 400
        assert "投标文件未在浏览器中加密" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bid)) == 0


def test_attachments_are_sealed_and_unreadable_before_the_opening(
    client, db, login_as, app, monkeypatch
):
    tender = make_tender()
    insurer = login_as(make_insurer())
    page = f"/bids/{tender.reference}"
    plain = upload(client, tender, PDF, sealed=False)
    assert plain.status_code == 302
    assert "投标文件未在浏览器中加密" in client.get(page).get_data(as_text=True)
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 100)
    big = upload(client, tender, PDF + b"0" * 200 + b"%%EOF", "big.pdf", user=insurer)
    assert big.status_code == 302 and "文件超过 20 MB" in client.get(page).get_data(as_text=True)
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
    good = upload(client, tender, PDF, "../../理赔方案.PDF", user=insurer)
    assert good.status_code == 302
    bid = db.session.scalar(sa.select(Bid))
    attachment = bid.attachments[0]
    assert attachment.filename == "理赔方案.PDF" and PDF not in attachment.sealed_data
    assert attachment.size == len(PDF) and bid.status is BidStatus.DRAFT
    # the server cannot give it back, not even to the bidder, before the opening
    assert client.get(f"/bids/attachments/{attachment.id}").status_code == 404


def test_an_attachment_on_a_submitted_bid_issues_a_new_receipt(client, db, login_as):
    tender = make_tender()
    insurer = login_as(make_insurer())
    post_bid(client, tender, insurer)
    bid = db.session.scalar(sa.select(Bid))
    before = bid.receipt_hash
    upload(client, tender, PDF, "a.pdf", user=insurer)
    db.session.refresh(bid)
    assert bid.revision == 2 and bid.receipt_hash != before


def test_withdraw_and_submit_again(client, db, login_as):
    tender = make_tender()
    insurer = login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    post_bid(client, tender, insurer)
    assert submit(client, f"{url}/withdraw", {}, form_page=url).status_code == 302
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.WITHDRAWN
    post_bid(client, tender, insurer)
    db.session.refresh(bid)
    assert bid.status is BidStatus.SUBMITTED and bid.revision == 2


def test_nothing_is_accepted_after_the_deadline(client, db, login_as, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    insurer = login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    post_bid(client, tender, insurer)
    bid = db.session.scalar(sa.select(Bid))
    stored = bid.sealed_content
    frozen_clock.advance(hours=1)  # exactly at the deadline: too late
    late = post_bid(client, tender, insurer, "2300.00")
    assert late.status_code == 400 and "投标截止时间已过" in late.get_data(as_text=True)
    withdraw = submit(client, f"{url}/withdraw", {}, form_page=url)
    assert withdraw.status_code == 302
    db.session.refresh(bid)
    assert bid.status is BidStatus.SUBMITTED and bid.sealed_content == stored


def test_amendments_must_be_acknowledged_before_submitting(client, db, login_as):
    tender = make_tender(deadline_in=timedelta(days=30))
    tenders.amend_tender(tender, {"ceiling_price": 3100}, None, "调整最高限价", tender.created_by)
    db.session.commit()
    insurer = login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    refused = post_bid(client, tender, insurer)
    assert refused.status_code == 400 and "请先确认第 1 号更正公告" in refused.get_data(
        as_text=True
    )
    assert submit(client, f"{url}/acknowledge/1", {}, form_page=url).status_code == 302
    assert post_bid(client, tender, insurer).status_code == 302


def test_only_approved_insurers_bid(client, db, login_as):
    tender = make_tender()
    insurer = login_as(make_insurer(status=InsurerStatus.PENDING))
    response = post_bid(client, tender, insurer)
    assert response.status_code == 400 and "须经管理员审核通过后方可投标" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bid)) == 0
    for user in (make_user(Role.OFFICER), make_user(Role.MEMBER)):
        client.delete_cookie("session")
        login_as(user)
        assert client.get(f"/bids/{tender.reference}").status_code == 403
