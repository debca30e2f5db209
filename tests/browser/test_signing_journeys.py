"""Issue 12, done when: members open a bid's attachment and read its entered fields from the
scoresheet, sign the draft report (its SHA-256); the chair changes a flag decision, the signatures
are withdrawn and the members, told so, sign the new draft; the officer settles the first place
that two equal bids share and awards."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries as evaluation_queries
from procurement.publication import operations as publication
from procurement.tenders.models import TenderStatus
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import make_opened_tender, make_user
from tests.procurement.evaluation.test_evaluation_operations import full_scores, pass_all
from tests.procurement.evaluation.test_evidence import _with_attachment


def sign_the_draft(page, version):
    """On the sign page: the draft shown is the one served, and the member signs its hash."""
    expect(page.get_by_role("heading", name=f"评标报告草稿第 {version} 版")).to_be_visible()
    sha256 = page.locator("#draft-sha256").inner_text()
    link = page.get_by_role("link", name="阅读评标报告草稿（PDF）")
    served = page.request.get(link.get_attribute("href"))
    assert served.ok and served.body().startswith(b"%PDF-")
    assert served.headers["x-content-sha256"] == sha256
    assert served.headers["content-disposition"].startswith("inline")
    page.get_by_label("本人已阅读本版评标报告草稿并签署").check()
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status")).to_contain_text("已签署")
    return sha256


def test_members_sign_what_they_read_and_sign_again_after_a_change(page, db, frozen_clock):
    # The first two bids are equal in everything: they share first place.
    tender = make_opened_tender(prices=("2400.00", "2400.00", "2600.00"), same_fields=True)
    users = [make_user(Role.MEMBER, username=f"signer{n}") for n in range(3)]
    seats = evaluation.assign_committee(tender, users, users[0])
    pass_all(tender, tender.created_by)
    bids = evaluation_queries.compliant_bids(tender)
    attachment = _with_attachment(bids[0], "理赔方案.pdf")
    for seat in seats[1:]:
        evaluation.declare(seat, False, "")
        values = full_scores(tender)
        if seat is seats[2]:  # far below the others on the third bid's claims plan
            values[(bids[2].id, "claims_plan")] = Decimal("0")
        evaluation.save_scores(seat, values)
        evaluation.submit_scoresheet(seat)
    db.session.commit()

    # Finalising, a changed decision and the last signature each render the report (WeasyPrint,
    # seconds on a busy machine): a ceiling for those posts, not a timing assertion.
    page.set_default_timeout(60_000)
    # The chair declares, reads the first bid's entries and opens its attachment, scores.
    sign_in(page, "signer0")
    page.goto(f"/evaluation/{tender.id}")
    page.get_by_label("本人与本项目所有投标人均无利益冲突").check()
    page.get_by_role("button", name="提交声明").click()
    page.get_by_role("link", name="打开我的评分表").click()
    evidence = page.locator("details.evidence").filter(has_text=bids[0].insurer.name)
    evidence.locator("summary").click()
    expect(evidence).to_contain_text("C00001234567890123")  # the clause filing number entered
    link = evidence.get_by_role("link", name="理赔方案.pdf")
    opened = page.request.get(link.get_attribute("href"))
    assert opened.ok and opened.body() == attachment.opened_data
    assert opened.headers["content-disposition"].startswith("inline")
    viewed = sa.select(AuditEvent).where(AuditEvent.action == "bid.attachment_viewed")
    assert db.session.scalars(viewed).first().details["attachment"] == attachment.id
    for bid in bids:
        name = bid.insurer.name
        page.get_by_label(f"理赔方案 · {name}").select_option("6")
        page.get_by_label(f"风险减量服务 · {name}").select_option("3")
        page.get_by_label(f"维保单位评测与公示机制 · {name}").fill("2")
        page.get_by_label(f"费率方案 · {name}").fill("2")
    page.get_by_role("button", name="保存", exact=True).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交并锁定").click()
    expect(page.get_by_role("status")).to_contain_text("评分表已提交并锁定")

    # The outlier explained, the ranking finalised: the draft (version 1) is signed.
    page.get_by_role("link", name="排名与提示事项").click()
    card = page.locator(".card").filter(has_text="异常评分：signer2")
    card.get_by_label("该成员已作出书面说明，评分保留").check()
    card.get_by_label("书面说明或决定").fill("该成员书面说明了给分理由")
    card.get_by_role("button", name="记录决定").click()
    expect(page.get_by_role("status")).to_contain_text("决定已记录")
    # With 3 members the two others are flagged too (each one the other's median): explained.
    undecided = page.locator(".card").filter(
        has_text="异常评分", has=page.get_by_role("button", name="记录决定", exact=True)
    )
    while undecided.count():
        other = undecided.first
        other.get_by_label("该成员已作出书面说明，评分保留").check()
        other.get_by_label("书面说明或决定").fill("成员已书面说明")
        with page.expect_navigation():  # the next count reads the page the decision returns
            other.get_by_role("button", name="记录决定", exact=True).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确定评标结论").click()
    first = sign_the_draft(page, 1)
    sign_out(page)
    sign_in(page, "signer1")
    page.get_by_role("link", name=f"签署 {tender.reference} 的评标报告").click()
    assert sign_the_draft(page, 1) == first
    sign_out(page)

    # The chair changes the decision: both signatures are withdrawn, a second draft is rendered.
    sign_in(page, "signer0")
    page.goto(f"/evaluation/{tender.id}/overview")
    card = page.locator(".card").filter(has_text="异常评分：signer2")
    expect(card).to_contain_text("撤回成员的签署")
    card.get_by_text("修改决定").click()
    card.get_by_label("评标委员会过半数成员决定以其他成员的平均分替换该评分").check()
    card.get_by_label("同意替换的成员人数").fill("2")
    card.get_by_label("书面说明或决定").fill("两名成员认为该评分明显偏离")
    card.get_by_role("button", name="记录修改后的决定").click()
    expect(page.get_by_role("status")).to_contain_text("决定已记录")
    sign_out(page)

    # Each member is told, reads why the signature was withdrawn, and signs the new draft.
    for username in ("signer1", "signer0"):
        sign_in(page, username)
        page.get_by_role("link", name="请审阅第2版草稿并重新签署").first.click()
        expect(page.locator(".withdrawn")).to_contain_text("签署已撤回")
        expect(page.locator(".withdrawn")).to_contain_text("修改了signer2")
        second = sign_the_draft(page, 2)
        assert second != first
        sign_out(page)
    evaluation.sign_report(seats[2], "", second)
    db.session.commit()
    assert tender.status is TenderStatus.EVALUATED

    # Publicised; the window over, the officer settles the shared first place and awards.
    notice = publication.publish_candidates(tender, tender.created_by)
    tied = [entry["bid"] for entry in notice.result["ranking"] if entry["rank"] == 1]
    assert len(tied) == 2
    db.session.commit()
    frozen_clock.advance(days=30)
    winner = next(bid for bid in bids if f"B{bid.id}" == tied[1])
    sign_in(page, tender.created_by.username)
    page.get_by_role("link", name=f"处理 {tender.reference} 的并列第一").click()
    page.get_by_label(winner.insurer.name).check()
    page.get_by_label("确定方式及理由").fill("两家投标人代表当众抽签")
    page.get_by_label("见证人").fill("监督人李某")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="记录处理结果").click()
    expect(page.get_by_role("status")).to_contain_text("并列第一已处理")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确定中标", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已确定中标")
