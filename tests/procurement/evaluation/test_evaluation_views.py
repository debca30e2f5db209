"""Evaluation pages: committee, declaration, reviews, and who may see what."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.evaluation import operations as evaluation
from procurement.evaluation.models import CommitteeMember, ReviewKind, ReviewResult
from tests.conftest import submit
from tests.factories import make_insurer, make_opened_tender, make_tender, make_user


def seat_committee(tender, size=3):
    users = [make_user(Role.MEMBER) for _ in range(size)]
    evaluation.assign_committee(tender, users, users[0])
    from procurement.extensions import db

    db.session.commit()
    return users


def test_officer_seats_the_committee(client, db, login_as):
    tender = make_opened_tender()
    login_as(tender.created_by)
    users = [make_user(Role.MEMBER) for _ in range(4)]
    url = f"/evaluation/{tender.id}/committee"
    even = submit(client, url, {"members": [u.id for u in users], "chair": users[0].id})
    assert even.status_code == 400
    assert "评标委员会成员应为单数，且不少于 3 人" in even.get_data(as_text=True)
    done = submit(client, url, {"members": [u.id for u in users[:3]], "chair": users[1].id})
    assert done.status_code == 302
    seats = db.session.scalars(sa.select(CommitteeMember)).all()
    assert sorted(s.user_id for s in seats) == sorted(u.id for u in users[:3])
    assert [s.user_id for s in seats if s.is_chair] == [users[1].id]


def test_a_member_declares_before_seeing_anything(client, db, login_as):
    tender = make_opened_tender()
    users = seat_committee(tender)
    login_as(users[1])
    assert client.get(f"/evaluation/{tender.id}").status_code == 302  # to the declaration
    page = client.get(f"/evaluation/{tender.id}/declare").get_data(as_text=True)
    assert "第1财产保险股份有限公司重庆分公司" in page  # the bidders' names, to check conflicts
    assert "2400" not in page  # but no bid content
    missing = submit(client, f"/evaluation/{tender.id}/declare", {"conflict": "yes", "note": ""})
    assert missing.status_code == 400 and "请说明利益冲突的情况" in missing.get_data(as_text=True)
    done = submit(client, f"/evaluation/{tender.id}/declare", {"conflict": "no"})
    assert done.status_code == 302
    assert client.get(f"/evaluation/{tender.id}").status_code == 200


def test_reviews_record_reasons_and_only_the_right_people_review(client, db, login_as):
    tender = make_opened_tender()
    users = seat_committee(tender)
    bid = evaluation.opened_bids(tender)[0]
    login_as(users[1])  # not the chair, and qualification is the officer's anyway
    assert client.get(f"/evaluation/{tender.id}/review/qualification/{bid.id}").status_code == 403
    assert client.get(f"/evaluation/{tender.id}/review/compliance/{bid.id}").status_code == 403
    client.delete_cookie("session")
    login_as(tender.created_by)
    url = f"/evaluation/{tender.id}/review/qualification/{bid.id}"
    data = {f"r-{r['id']}": "pass" for r in tender.requirements}
    data[f"r-{tender.requirements[1]['id']}"] = "fail"
    refused = submit(client, url, data)
    assert refused.status_code == 400 and "请填写不合格的理由" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewResult)) == 0
    data[f"r-{tender.requirements[1]['id']}-reason"] = "未在本市设立分支机构"
    assert submit(client, url, data).status_code == 302
    reasons = evaluation.exclusions(tender)[bid.id]
    assert reasons == ["在本市设有经授权的市级分支机构：未在本市设立分支机构"]
    page = client.get(f"/evaluation/{tender.id}").get_data(as_text=True)
    assert "未在本市设立分支机构" in page
    # the chair does the compliance review of the qualified bids after declaring
    client.delete_cookie("session")
    login_as(users[0])
    submit(client, f"/evaluation/{tender.id}/declare", {"conflict": "no"})
    other = evaluation.opened_bids(tender)[1]
    for review_bid in evaluation.opened_bids(tender)[1:]:
        decisions = {r["id"]: (True, "") for r in tender.requirements}
        evaluation.record_review(
            tender, review_bid, ReviewKind.QUALIFICATION, decisions, tender.created_by
        )
    db.session.commit()
    compliance = {
        f"r-{c['id']}": "pass" for c in evaluation.requirements(tender, ReviewKind.COMPLIANCE)
    }
    url = f"/evaluation/{tender.id}/review/compliance/{other.id}"
    assert submit(client, url, compliance).status_code == 302
    excluded_bid_url = f"/evaluation/{tender.id}/review/compliance/{bid.id}"
    assert submit(client, excluded_bid_url, compliance).status_code == 400  # failed qualification


def test_nobody_outside_the_tender_sees_its_evaluation(client, db, login_as):
    tender = make_opened_tender()
    seat_committee(tender)
    outsiders = [make_user(Role.MEMBER), make_insurer(), make_user(Role.ADMIN)]
    for user in outsiders:
        client.delete_cookie("session")
        login_as(user)
        for path in ("", "/declare", "/score", "/overview", "/committee"):
            response = client.get(f"/evaluation/{tender.id}{path}")
            assert response.status_code == 403, (user.role, path)
    unopened = make_tender()
    client.delete_cookie("session")
    login_as(unopened.created_by)
    assert client.get(f"/evaluation/{unopened.id}").status_code == 404
