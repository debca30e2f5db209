"""An insurer drafts, submits, revises and withdraws a bid and downloads its receipt; an officer
opens the tender after the opening time and reads the opening record."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from procurement.accounts.models import Role
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import bid_content, make_insurer, make_tender, make_user


def fill_bid(page, price):
    content = bid_content(price)
    page.get_by_label("投标报价（元/台·年）").fill(price)
    labels = {
        "solvency_ratio": "综合偿付能力充足率（%）",
        "penalties": "近三年行政处罚（次）",
        "track_record": "电梯保险或共保体项目业绩（个）",
        "outlets": "本市服务网点（个）",
        "survey_hours": "现场查勘时限（小时）",
        "assessment_hours": "定损时限（小时）",
        "payment_hours": "赔款支付时限（小时）",
        "onsite_staff": "专职现场服务人员（人）",
        "engineers": "电梯工程师（人）",
        "vehicles": "查勘车辆（辆）",
        "annual_limit": "每台电梯年累计赔偿限额（万元）",
        "deductible": "每次事故免赔额（元）",
    }
    for key, label in labels.items():
        page.get_by_label(label, exact=True).fill(str(content["fields"][key]))
    page.get_by_label("物联网监测（GB/T 24476-2017）").check()
    page.get_by_label("维修零部件及人工").check()
    page.get_by_label("条款备案号").fill("C2023000001")
    page.get_by_label("费率备案号").fill("R2023000001")
    for band, premium in (
        ("5年及以下", "1800"),
        ("6至10年", "2200"),
        ("11至15年", "2600"),
        ("16年及以上", "2900"),
    ):
        page.get_by_label(f"梯龄{band}电梯保费（元/年）").fill(premium)


def test_insurer_drafts_submits_revises_withdraws_and_gets_a_receipt(page, db, tmp_path):
    tender = make_tender(title="渝北区电梯保险采购")
    insurer = make_insurer(username="yubei_ins")
    sign_in(page, insurer.username)
    page.goto(f"/tenders/{tender.reference}")
    page.get_by_role("link", name="准备投标").click()
    page.get_by_label("投标报价（元/台·年）").fill("2500")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("status")).to_contain_text("草稿已加密保存")
    expect(page.get_by_label("投标报价（元/台·年）")).to_have_value("2500.00")
    fill_bid(page, "2450.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="递交投标").click()
    expect(page.get_by_role("heading", name="投标回执")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载回执（PDF）").click()
    path = tmp_path / "receipt.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="返回我的投标").click()
    page.get_by_label("投标报价（元/台·年）").fill("2380.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="递交修改后的投标").click()
    expect(page.get_by_text("第 2 次递交")).to_be_visible()
    page.get_by_role("link", name="返回我的投标").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="撤回投标").click()
    expect(page.get_by_role("status")).to_contain_text("投标已撤回")
    sign_out(page)


def test_officer_opens_after_the_opening_time_and_reads_the_record(page, db, frozen_clock):
    from procurement.bids import operations as bids

    officer = make_user(Role.OFFICER, username="officer_open")
    tender = make_tender(officer=officer, deadline_in=timedelta(hours=1))
    for index, price in enumerate(("2400.00", "2600.00", "2200.00")):
        user = make_insurer(name=f"开标测试第{index + 1}保险公司")
        bids.submit_bid(tender, user, {k: v for k, v in bid_content(price).items() if k != "salt"})
    db.session.commit()
    sign_in(page, "officer_open")
    page.goto(f"/tenders/{tender.id}/manage")
    expect(page.get_by_text("目前已收到投标 3 份")).to_be_visible()
    expect(page.get_by_text("开标测试第1保险公司")).to_have_count(0)  # sealed: no names
    expect(page.get_by_role("button", name="开标")).to_have_count(0)  # not yet
    frozen_clock.advance(hours=2)
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="开标").click()
    expect(page.get_by_role("heading", name="开标记录")).to_be_visible()
    for name, price in (("开标测试第1保险公司", "2400.00"), ("开标测试第3保险公司", "2200.00")):
        row = page.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(price)
        expect(row).to_contain_text("与回执一致")
