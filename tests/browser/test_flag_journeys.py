"""The chair records a decision on an outlier, changes it, withdraws it and decides again; the
overview names the criterion and the decision in words."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries as evaluation_queries
from tests.browser.test_accounts_journeys import sign_in
from tests.factories import make_opened_tender, make_user
from tests.procurement.evaluation.test_evaluation_operations import full_scores, pass_all


def test_the_chair_changes_and_withdraws_a_flag_decision(page, db):
    tender = make_opened_tender(prices=("2400.00", "2600.00", "2200.00"))
    users = [make_user(Role.MEMBER, username=f"flagger{n}") for n in range(3)]
    seats = evaluation.assign_committee(tender, users, users[0])
    pass_all(tender, tender.created_by)
    for seat in seats:
        evaluation.declare(seat, False, "")
        values = full_scores(tender)
        if seat is seats[2]:  # far below the others on one bid's claims plan
            values[(evaluation_queries.compliant_bids(tender)[0].id, "claims_plan")] = Decimal("0")
        evaluation.save_scores(seat, values)
        evaluation.submit_scoresheet(seat)
    db.session.commit()

    sign_in(page, "flagger0")
    page.goto(f"/evaluation/{tender.id}/overview")
    card = page.locator(".card").filter(has_text="异常评分：flagger2")
    expect(card).to_contain_text("理赔方案：0.00 分，其他成员评分的中位数 6.00 分")
    card.get_by_label("评标委员会过半数成员决定以其他成员的平均分替换该评分").check()
    card.get_by_label("同意替换的成员人数").fill("2")
    card.get_by_label("书面说明或决定").fill("两名成员认为该评分明显偏离")
    card.get_by_role("button", name="记录决定").click()
    expect(page.get_by_role("status")).to_contain_text("决定已记录，排名已重新计算")

    card = page.locator(".card").filter(has_text="异常评分：flagger2")
    expect(card.locator(".decision")).to_contain_text("评标委员会过半数成员决定")
    card.get_by_text("修改决定").click()
    card.get_by_label("该成员已作出书面说明，评分保留").check()
    card.get_by_label("书面说明或决定").fill("该成员已书面说明理由")
    card.get_by_role("button", name="记录修改后的决定").click()
    expect(page.get_by_role("status")).to_contain_text("决定已记录")
    card = page.locator(".card").filter(has_text="异常评分：flagger2")
    expect(card.locator(".decision")).to_contain_text("该成员已作出书面说明，评分保留")

    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="撤销决定").click()
    expect(page.get_by_role("status")).to_contain_text("决定已撤销")
    card = page.locator(".card").filter(has_text="异常评分：flagger2")
    expect(card.locator(".decision")).to_have_count(0)
    expect(card.get_by_role("button", name="记录决定")).to_be_visible()
