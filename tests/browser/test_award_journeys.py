"""The officer lands on his tasks, settles a first place shared by two bids and awards; the winner
reads its notification and downloads its 中标通知书 (issue 12 §6)."""

from __future__ import annotations

from playwright.sync_api import expect

from procurement.publication import queries
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.procurement.publication.test_award_steps import publicised_with_a_tie


def test_officer_settles_a_tie_and_awards_and_the_winner_reads_its_letter(
    page, db, frozen_clock, tmp_path
):
    tender, _notice, keys = publicised_with_a_tie(db, frozen_clock)
    winner = next(b for b in queries.opening_record(tender) if f"B{b.id}" == keys[1])
    sign_in(page, tender.created_by.username)
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()  # lands on its tasks
    page.get_by_role("link", name=f"处理 {tender.reference} 的并列第一").click()
    page.get_by_label(winner.insurer.name).check()
    page.get_by_label("确定方式及理由").fill("2027年3月1日10时由两家投标人代表当众抽签")
    page.get_by_label("见证人").fill("监督人李某")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="记录处理结果").click()
    expect(page.get_by_role("status")).to_contain_text("并列第一已处理")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确定中标", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已确定中标")
    sign_out(page)

    sign_in(page, winner.insurer.users[0].username)
    link = page.get_by_role(
        "link", name=f"{tender.reference}：贵公司中标。请下载中标通知书。"
    ).first
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF-")
    assert "inline" in response.headers["content-disposition"]
