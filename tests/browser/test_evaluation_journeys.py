"""A member declares, scores in the comparison view and submits; the chair settles an outlier and
finalises; after the signatures the officer downloads the evaluation report."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries as evaluation_queries
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import make_opened_tender, make_user
from tests.procurement.evaluation.test_evaluation_operations import full_scores, pass_all


def test_scoring_outlier_and_report(page, db, tmp_path):
    tender = make_opened_tender(prices=("2400.00", "2600.00", "2200.00"))
    chair, second, third = (make_user(Role.MEMBER, username=f"judge{n}") for n in range(3))
    seats = evaluation.assign_committee(tender, [chair, second, third], chair)
    pass_all(tender, tender.created_by)
    for seat in seats[1:]:
        evaluation.declare(seat, False, "")
        values = full_scores(tender)
        if seat.user is third:  # far below the others on one bid's claims plan
            values[(evaluation_queries.compliant_bids(tender)[0].id, "claims_plan")] = Decimal("0")
        evaluation.save_scores(seat, values)
        evaluation.submit_scoresheet(seat)
    db.session.commit()

    page.set_default_timeout(60_000)  # finalising and the last signature render the report
    sign_in(page, "judge0")
    page.get_by_role("link", name="我的评标").click()
    page.get_by_role("link", name=tender.title).click()
    expect(page.get_by_role("heading", name="回避声明")).to_be_visible()
    page.get_by_label("本人与本项目所有投标人均无利益冲突").check()
    page.get_by_role("button", name="提交声明").click()
    expect(page.get_by_role("status")).to_contain_text("声明已记录")
    page.get_by_role("link", name="打开我的评分表").click()
    expect(
        page.get_by_role("columnheader", name="第1财产保险股份有限公司重庆分公司")
    ).to_be_visible()
    for bid in evaluation_queries.compliant_bids(tender):
        name = bid.insurer.name
        page.get_by_label(f"理赔方案 · {name}").select_option("6")
        page.get_by_label(f"风险减量服务 · {name}").select_option("3")
        page.get_by_label(f"维保单位评测与公示机制 · {name}").fill("3")
        page.get_by_label(f"费率方案 · {name}").fill("4")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已保存")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交并锁定").click()
    expect(page.get_by_role("status")).to_contain_text("评分表已提交并锁定")

    page.get_by_role("link", name="排名与提示事项").click()
    expect(page.get_by_role("heading", name="排名", exact=True)).to_be_visible()
    outlier = page.locator(".card").filter(has_text="异常评分：judge2")
    outlier.get_by_label("评标委员会过半数成员决定以其他成员的平均分替换该评分").check()
    outlier.get_by_label("同意替换的成员人数").fill("2")
    outlier.get_by_label("书面说明或决定").fill("三名成员中两名认为该评分明显偏离")
    outlier.get_by_role("button", name="记录决定").click()
    expect(page.get_by_role("status")).to_contain_text("决定已记录，排名已重新计算")
    for card in page.locator(".card").filter(has_text="异常评分").all():
        if card.get_by_role("button", name="记录决定").count():
            card.get_by_label("该成员已作出书面说明，评分保留").check()
            card.get_by_label("书面说明或决定").fill("成员已书面说明")
            card.get_by_role("button", name="记录决定").click()
    for card in page.locator(".card").filter(has_text="报价明显偏低：").all():
        if card.get_by_role("button", name="记录决定").count():
            card.get_by_label("评标委员会认可投标人的说明").check()
            card.get_by_label("投标人的说明及评标委员会的理由").fill("成本测算合理")
            card.get_by_role("button", name="记录决定").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确定评标结论").click()
    expect(page.get_by_role("heading", name="签署评标报告")).to_be_visible()
    page.get_by_label("本人已阅读本版评标报告草稿并签署").check()
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status")).to_contain_text("已签署")
    sign_out(page)

    sha256 = evaluation_queries.current_draft(tender).sha256
    for seat in seats[1:]:
        evaluation.sign_report(seat, "", sha256)
    db.session.commit()
    sign_in(page, tender.created_by.username)
    page.goto(f"/evaluation/{tender.id}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载评标报告（PDF）").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
