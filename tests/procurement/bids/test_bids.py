"""Sealed bids: drafting, submission, receipts, revision, withdrawal, attachments, bad input."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta

import pypdf
import sqlalchemy as sa

from procurement import sealing
from procurement.accounts.models import InsurerStatus, Role
from procurement.audit.models import AuditEvent
from procurement.bids import operations as bids
from procurement.bids.models import Bid, BidStatus
from procurement.tenders import operations as tenders
from tests.conftest import submit
from tests.factories import bid_content, make_insurer, make_tender, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(price="2400.00", **fields):
    content = bid_content(price, **fields)
    data = {"price": content["price"]}
    for key, value in content["fields"].items():
        data[key] = value if isinstance(value, list) else str(value)
    for band, premium in content["rate_table"].items():
        data["rate_" + band.replace("-", "_").replace("+", "_plus")] = premium
    return data


def test_draft_submit_receipt_and_revision(client, db, login_as):
    tender = make_tender()
    insurer = login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    partial = {"price": "2400", "solvency_ratio": "231.5"}
    assert submit(client, url, {**partial, "action": "save"}).status_code == 302
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.DRAFT
    assert b"2400" not in bid.sealed_content  # sealed at rest
    page = client.get(url).get_data(as_text=True)
    assert 'value="231.5"' in page  # the bidder reads its own draft back
    incomplete = submit(client, url, {**partial, "action": "submit"})
    assert incomplete.status_code == 400 and "投标文件不完整" in incomplete.get_data(as_text=True)
    assert "递交投标时必填" in incomplete.get_data(as_text=True)
    done = submit(client, url, {**form_data(), "action": "submit"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/receipt")
    db.session.refresh(bid)
    assert bid.status is BidStatus.SUBMITTED and bid.revision == 1
    # the receipt, recomputed here from the documented formula
    content = json.loads(
        sealing.unseal(tender.wrapped_key, bid.sealed_content, bid.sealing_context())
    )
    payload = {
        "tender": tender.reference,
        "insurer": insurer.insurer.uscc,
        "content": content,
        "attachments": [],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert bid.receipt_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert bid.receipt_hash in client.get(f"{url}/receipt").get_data(as_text=True)
    # the audit keeps the receipt but never the price
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "bid.submit"))
    assert event.details["receipt"] == bid.receipt_hash and "2400" not in json.dumps(event.details)
    first_receipt = bid.receipt_hash
    revised = submit(client, url, {**form_data("2350.00"), "action": "submit"})
    assert revised.status_code == 302
    db.session.refresh(bid)
    assert bid.revision == 2 and bid.receipt_hash != first_receipt


def test_the_receipt_pdf_holds_the_hash(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer(name="渝北财产保险股份有限公司"))
    submit(client, f"/bids/{tender.reference}", {**form_data(), "action": "submit"})
    bid = db.session.scalar(sa.select(Bid))
    response = client.get(f"/bids/{tender.reference}/receipt.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "投标回执" in text and "渝北财产保险股份有限公司" in text
    assert bid.receipt_hash in text.replace("\n", "").replace(" ", "")


def test_bad_input_is_named_and_loses_nothing(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    submit(client, url, {**form_data(), "action": "save"})
    above = submit(client, url, {**form_data("3500.00"), "action": "submit"})
    assert above.status_code == 400
    assert "投标报价超过最高限价 3000.00 元" in above.get_data(as_text=True)
    negative = submit(client, url, {**form_data(), "vehicles": "-2", "action": "submit"})
    assert negative.status_code == 400 and "查勘车辆（辆）：" in negative.get_data(as_text=True)
    words = submit(client, url, {**form_data(), "solvency_ratio": "很高", "action": "save"})
    assert words.status_code == 400 and "综合偿付能力充足率（%）：" in words.get_data(as_text=True)
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.DRAFT
    assert bids.content_of(bid)["price"] == "2400.00"  # the saved draft is intact


def test_attachments_are_checked_by_content_and_sealed(client, db, login_as, app, monkeypatch):
    tender = make_tender()
    login_as(make_insurer())
    upload = f"/bids/{tender.reference}/attachments"
    page = f"/bids/{tender.reference}"
    fake = submit(
        client, upload, {"file": (io.BytesIO(b"MZ\x90 not a pdf"), "方案.pdf")}, form_page=page
    )
    assert fake.status_code == 302
    assert "该文件不是 PDF" in client.get(page).get_data(as_text=True)
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 100)
    big = submit(
        client,
        upload,
        {"file": (io.BytesIO(PDF + b"0" * 200 + b"%%EOF"), "big.pdf")},
        form_page=page,
    )
    assert big.status_code == 302 and "文件超过 20 MB" in client.get(page).get_data(as_text=True)
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
    good = submit(client, upload, {"file": (io.BytesIO(PDF), "../../理赔方案.PDF")}, form_page=page)
    assert good.status_code == 302
    bid = db.session.scalar(sa.select(Bid))
    attachment = bid.attachments[0]
    assert attachment.filename == "理赔方案.PDF" and PDF not in attachment.sealed_data
    download = client.get(f"/bids/attachments/{attachment.id}")
    assert download.data == PDF and download.headers["Content-Disposition"].startswith(
        "attachment;"
    )


def test_an_attachment_on_a_submitted_bid_issues_a_new_receipt(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer())
    submit(client, f"/bids/{tender.reference}", {**form_data(), "action": "submit"})
    bid = db.session.scalar(sa.select(Bid))
    before = bid.receipt_hash
    submit(
        client,
        f"/bids/{tender.reference}/attachments",
        {"file": (io.BytesIO(PDF), "a.pdf")},
        form_page=f"/bids/{tender.reference}",
    )
    db.session.refresh(bid)
    assert bid.revision == 2 and bid.receipt_hash != before


def test_withdraw_and_submit_again(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    submit(client, url, {**form_data(), "action": "submit"})
    assert submit(client, f"{url}/withdraw", {}, form_page=url).status_code == 302
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.WITHDRAWN
    submit(client, url, {**form_data(), "action": "submit"})
    db.session.refresh(bid)
    assert bid.status is BidStatus.SUBMITTED and bid.revision == 2


def test_nothing_is_accepted_after_the_deadline(client, db, login_as, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    submit(client, url, {**form_data(), "action": "submit"})
    frozen_clock.advance(hours=1)  # exactly at the deadline: too late
    late = submit(client, url, {**form_data("2300.00"), "action": "submit"})
    assert late.status_code == 400 and "投标截止时间已过" in late.get_data(as_text=True)
    withdraw = submit(client, f"{url}/withdraw", {}, form_page=url)
    assert withdraw.status_code == 302
    bid = db.session.scalar(sa.select(Bid))
    assert bid.status is BidStatus.SUBMITTED and bids.content_of(bid)["price"] == "2400.00"


def test_amendments_must_be_acknowledged_before_submitting(client, db, login_as):
    tender = make_tender(deadline_in=timedelta(days=30))
    tenders.amend_tender(tender, {"ceiling_price": 3100}, None, "调整最高限价", tender.created_by)
    db.session.commit()
    login_as(make_insurer())
    url = f"/bids/{tender.reference}"
    refused = submit(client, url, {**form_data(), "action": "submit"})
    assert refused.status_code == 400 and "请先确认第 1 号更正公告" in refused.get_data(
        as_text=True
    )
    assert submit(client, f"{url}/acknowledge/1", {}, form_page=url).status_code == 302
    assert submit(client, url, {**form_data(), "action": "submit"}).status_code == 302


def test_only_approved_insurers_bid(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer(status=InsurerStatus.PENDING))
    response = submit(client, f"/bids/{tender.reference}", {**form_data(), "action": "submit"})
    assert response.status_code == 400 and "须经管理员审核通过后方可投标" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bid)) == 0
    for user in (make_user(Role.OFFICER), make_user(Role.MEMBER)):
        client.delete_cookie("session")
        login_as(user)
        assert client.get(f"/bids/{tender.reference}").status_code == 403
