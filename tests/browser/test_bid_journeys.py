"""An insurer's browser seals a bid (drafts kept in the browser), submits, revises and withdraws it
and downloads its receipt; after the opening time two of the three key holders open the bids
together and the officer reads the opening record."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from procurement.accounts.models import Role
from procurement.bids.models import Bid
from procurement.keyholders.queries import tender_key_of
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import (
    HOLDER_PASSPHRASE,
    bid_content,
    make_holders,
    make_insurer,
    make_tender,
    make_user,
    submit_bid,
)

PDF = b"%PDF-1.4\n%browser-sealed-attachment\n%%EOF\n"


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
    page.get_by_label("保险条款和费率", exact=True).select_option("filed")  # or 批准 (issue 14 §5)
    page.get_by_label("条款批准文号或备案号").fill("C2023000001")
    page.get_by_label("费率批准文号或备案号").fill("R2023000001")
    for band, premium in (
        ("5年及以下", "1800"),
        ("6至10年", "2200"),
        ("11至15年", "2600"),
        ("16年及以上", "2900"),
    ):
        page.get_by_label(f"梯龄{band}电梯保费（元/年）").fill(premium)


def test_insurer_seals_submits_revises_withdraws_and_gets_a_receipt(page, db, tmp_path):
    tender = make_tender(title="渝北区电梯保险采购")
    insurer = make_insurer(username="yubei_ins")
    sign_in(page, insurer.username)
    page.goto(f"/tenders/{tender.reference}")
    page.get_by_role("link", name="准备投标").click()
    page.get_by_label("投标报价（元/台·年）").fill("2500")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("status")).to_contain_text("草稿仅保存在本浏览器中")
    page.reload()
    expect(page.get_by_label("投标报价（元/台·年）")).to_have_value("2500")  # from this browser
    page.get_by_role("button", name="递交投标").click()  # incomplete: refused before sealing
    expect(page.get_by_role("alert")).to_contain_text("投标文件不完整")
    fill_bid(page, "3500.00")
    page.get_by_role("button", name="递交投标").click()
    expect(page.get_by_role("alert")).to_contain_text("投标报价超过最高限价 3000.00 元")
    page.get_by_label("投标报价（元/台·年）").fill("2450.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="递交投标").click()
    expect(page.get_by_role("heading", name="投标回执")).to_be_visible()
    db.session.expire_all()
    bid = db.session.scalar(sa.select(Bid))
    assert b"2450" not in bid.sealed_content and bid.sealed_content[:1] == b"\x01"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载回执（PDF）").click()
    path = tmp_path / "receipt.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="返回我的投标").click()
    expect(page.get_by_label("查勘车辆（辆）", exact=True)).to_have_value(
        "2"
    )  # kept in the browser
    page.get_by_label("投标报价（元/台·年）").fill("2380.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="递交修改后的投标").click()
    expect(page.get_by_text("第 2 次递交")).to_be_visible()
    page.get_by_role("link", name="返回我的投标").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="撤回投标").click()
    expect(page.get_by_role("status")).to_contain_text("投标已撤回")
    page.get_by_role("button", name="清除本机草稿").click()
    page.reload()
    expect(page.get_by_label("投标报价（元/台·年）")).to_have_value("")
    sign_out(page)


def test_a_browser_sealed_bid_is_opened_by_two_of_three_key_holders(
    page, db, frozen_clock, tmp_path
):
    officer = make_user(Role.OFFICER, username="officer_open", display_name="王采购")
    make_holders(officer)
    tender = make_tender(officer=officer, deadline_in=timedelta(hours=1))
    for index, price in enumerate(("2600.00", "2200.00")):
        submit_bid(tender, make_insurer(name=f"开标测试第{index + 2}保险公司"), bid_content(price))
    db.session.commit()
    sign_in(page, make_insurer(name="开标测试第1保险公司", username="browser_bidder").username)
    page.goto(f"/bids/{tender.reference}")
    fill_bid(page, "2400.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="递交投标").click()
    expect(page.get_by_role("heading", name="投标回执")).to_be_visible()
    page.get_by_role("link", name="返回我的投标").click()
    attachment = tmp_path / "理赔方案.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("PDF 附件").set_input_files(str(attachment))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("status")).to_contain_text("附件已加密保存")
    expect(page.get_by_text("理赔方案.pdf")).to_be_visible()
    sign_out(page)

    holders = tender_key_of(tender).holders
    sign_in(page, "officer_open")
    page.goto(f"/tenders/{tender.id}/manage")
    expect(page.get_by_text("目前已收到投标 3 份")).to_be_visible()
    expect(page.get_by_text("开标测试第1保险公司")).to_have_count(0)  # sealed: no names
    expect(page.get_by_role("button", name="开标")).to_have_count(0)  # not yet
    frozen_clock.advance(hours=2)
    page.reload()
    page.get_by_label(f"{holders[0].display_name} 的口令").fill(HOLDER_PASSPHRASE)
    page.get_by_label(f"{holders[2].display_name} 的口令").fill("wrong-passphrase-123")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="开标").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{holders[2].display_name} 的口令不正确")
    page.get_by_label(f"{holders[0].display_name} 的口令").fill(HOLDER_PASSPHRASE)
    page.get_by_label(f"{holders[2].display_name} 的口令").fill(HOLDER_PASSPHRASE)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="开标").click()
    expect(page.get_by_role("heading", name="开标记录")).to_be_visible()
    expect(
        page.get_by_text(f"开启投标文件的密钥持有人：{holders[0].display_name}、")
    ).to_be_visible()
    for name, price in (("开标测试第1保险公司", "2400.00"), ("开标测试第3保险公司", "2200.00")):
        row = page.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(price)
        expect(row).to_contain_text("与回执一致")
    db.session.expire_all()
    opened = db.session.scalar(sa.select(Bid).where(Bid.opened_price == 2400))
    assert opened.attachments[0].opened_data == PDF  # sealed in the browser, opened here
