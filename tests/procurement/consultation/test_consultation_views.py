"""The consultation pages: who sees what, in every state (a supplier reads its own minutes only)."""

from __future__ import annotations

from datetime import timedelta

from procurement.accounts.models import Role
from procurement.consultation import operations
from procurement.evaluation import queries
from procurement.extensions import db
from procurement.i18n import local_time
from tests.conftest import submit
from tests.factories import make_insurer, make_office, make_user
from tests.procurement.consultation.helpers import (
    chair_of,
    consultation_tender,
    insurer_user,
    invite,
    open_offers,
)
from tests.procurement.consultation.helpers import submit as submit_offer


def sign_out(client):
    assert submit(client, "/logout", {}, form_page="/").status_code == 302


MINUTES = ("甲公司：承诺两小时到场", "乙公司：费率可下调", "丙公司：增加巡检")


def consulted(frozen_clock, fail_first=False):
    tender = consultation_tender(
        prices=("2400.00", "2600.00", "2200.00", "2500.00"), fail_first=fail_first
    )
    bids = queries.compliant_bids(tender)
    for bid, text in zip(bids, MINUTES, strict=False):
        operations.record_minute(tender, bid, text, chair_of(tender))
    db.session.commit()
    return tender, bids


def test_a_supplier_reads_its_own_minutes_never_another(client, db, login_as, frozen_clock):
    tender, bids = consulted(frozen_clock)
    login_as(insurer_user(bids[0]))
    page = client.get(f"/consultation/{tender.id}/mine").get_data(as_text=True)
    assert MINUTES[0] in page
    assert MINUTES[1] not in page and MINUTES[2] not in page
    assert client.get(f"/consultation/{tender.id}").status_code == 403  # the committee's page


def test_the_committee_officer_read_every_minute_and_others_do_not(
    client, db, login_as, frozen_clock
):
    tender, _bids = consulted(frozen_clock)
    login_as(chair_of(tender))
    page = client.get(f"/consultation/{tender.id}").get_data(as_text=True)
    assert all(text in page for text in MINUTES)
    sign_out(client)
    login_as(tender.created_by)
    assert all(
        text in client.get(f"/consultation/{tender.id}").get_data(as_text=True) for text in MINUTES
    )
    sign_out(client)
    login_as(make_user(Role.MEMBER))  # not on this committee
    assert client.get(f"/consultation/{tender.id}").status_code == 403
    sign_out(client)
    login_as(
        make_user(Role.OFFICER, organisation=make_office("另一区住建委"))
    )  # another office: the tender does not exist for it
    assert client.get(f"/consultation/{tender.id}").status_code == 404
    sign_out(client)
    login_as(make_insurer())  # did not bid
    assert client.get(f"/consultation/{tender.id}/mine").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, db, frozen_clock):
    tender, _bids = consulted(frozen_clock)
    assert client.get(f"/consultation/{tender.id}").status_code in (302, 401)
    assert client.get(f"/consultation/{tender.id}/mine").status_code in (302, 401)


def test_a_supplier_failed_at_review_has_no_consultation(client, db, login_as, frozen_clock):
    tender, _bids = consulted(frozen_clock, fail_first=True)
    failed = min(tender.bids, key=lambda bid: bid.id)
    login_as(insurer_user(failed))
    assert client.get(f"/consultation/{tender.id}/mine").status_code == 404
    assert "/consultation/" not in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)


def test_the_chair_records_minutes_and_changes_through_the_page(client, db, login_as, frozen_clock):
    tender, bids = consulted(frozen_clock)
    login_as(chair_of(tender))
    url = f"/consultation/{tender.id}"
    response = submit(
        client, f"{url}/minutes/{bids[3].id}", {"text": "丁公司：第二次磋商"}, form_page=url
    )
    assert response.status_code == 302
    respond_by = local_time(frozen_clock.moment + timedelta(days=3), "yyyy-MM-dd'T'HH:mm")
    response = submit(
        client, f"{url}/changes", {"text": "增加夜间值守", "respond_by": respond_by}, form_page=url
    )
    assert response.status_code == 302
    sign_out(client)
    login_as(insurer_user(bids[1]))
    assert "增加夜间值守" in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "增加夜间值守" in client.get(f"/consultation/{tender.id}/mine").get_data(as_text=True)


def test_a_member_who_is_not_chair_cannot_record(client, db, login_as, frozen_clock):
    tender, bids = consulted(frozen_clock)
    member = next(s.user for s in queries.members(tender) if not s.is_chair)
    login_as(member)
    url = f"/consultation/{tender.id}"
    assert (
        submit(client, f"{url}/minutes/{bids[0].id}", {"text": "x"}, form_page=url).status_code
        == 403
    )


def test_a_withdrawn_supplier_sees_its_minutes_but_not_later_changes(
    client, db, login_as, frozen_clock
):
    tender, bids = consulted(frozen_clock)
    leaver = bids[3]
    operations.record_minute(tender, leaver, "丁公司：第一次磋商", chair_of(tender))
    db.session.commit()
    login_as(insurer_user(leaver))
    page = f"/consultation/{tender.id}/mine"
    assert submit(client, f"{page}/leave", {}, form_page=page).status_code == 302
    operations.record_change(
        tender, "退出后的变动", frozen_clock.moment + timedelta(days=1), chair_of(tender)
    )
    db.session.commit()
    text = client.get(page).get_data(as_text=True)
    assert "丁公司：第一次磋商" in text and "退出后的变动" not in text


def test_final_offers_stay_sealed_until_opened_then_the_supplier_sees_its_own(
    client, db, login_as, frozen_clock
):
    tender, bids = consulted(frozen_clock)
    operations.record_minute(tender, bids[3], "丁公司", chair_of(tender))
    invite(tender)
    for bid, price in zip(bids, ("2300.00", "2450.00", "2150.00", "2410.00"), strict=True):
        submit_offer(tender, bid, price)
    db.session.commit()
    login_as(tender.created_by)
    assert "2150.00" not in client.get(f"/consultation/{tender.id}").get_data(as_text=True)
    sign_out(client)
    frozen_clock.advance(hours=25)
    open_offers(tender)
    db.session.commit()
    login_as(insurer_user(bids[2]))
    own = client.get(f"/consultation/{tender.id}/mine").get_data(as_text=True)
    assert "2150.00" in own and "2450.00" not in own
    sign_out(client)
    login_as(tender.created_by)
    page = client.get(f"/consultation/{tender.id}").get_data(as_text=True)
    assert "2150.00" in page and "2200.00" in page  # the final offer and the first price


def test_too_few_suppliers_are_refused_in_chinese_with_the_citation(
    client, db, login_as, frozen_clock
):
    tender = consultation_tender(prices=("2400.00", "2600.00", "2200.00"))
    bids = queries.compliant_bids(tender)
    operations.leave(tender, bids[2], insurer_user(bids[2]))
    for bid in bids[:2]:
        operations.record_minute(tender, bid, "磋商", chair_of(tender))
    db.session.commit()
    login_as(chair_of(tender))
    url = f"/consultation/{tender.id}"
    deadline = local_time(frozen_clock.moment + timedelta(days=1), "yyyy-MM-dd'T'HH:mm")
    response = submit(
        client, f"{url}/invite", {"deadline": deadline}, form_page=url, follow_redirects=True
    )
    text = response.get_data(as_text=True)
    assert "竞争性磋商的供应商不得少于3家" in text and "财库〔2014〕214号" in text
    assert "现仅余2家" in text
    response = submit(
        client, f"{url}/invite",
        {"deadline": deadline, "exception": "purchased_service", "exception_note": "政府购买服务，仅2家符合要求"},
        form_page=url, follow_redirects=True,
    )  # fmt: skip
    assert "已要求所有仍在磋商中的供应商提交最后报价" in response.get_data(as_text=True)
    assert "财库〔2015〕124号" in response.get_data(as_text=True)
