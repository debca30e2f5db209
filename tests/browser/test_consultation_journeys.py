"""A competitive consultation (竞争性磋商) from its consultation round to the ranking: the chair
records the minutes with each supplier and sends a change; a supplier reads the change on its
tender page, answers it in writing (with a PDF) and seals its final offer in the browser; the
officer sees the answer beside the change; the key holders open the final offers; the
scoresheet shows both prices and the ranking uses the final offers."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from procurement import clock
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.i18n import local_time
from procurement.keyholders.queries import tender_key_of
from tests.browser.test_accounts_journeys import sign_in, sign_out
from tests.factories import HOLDER_PASSPHRASE
from tests.procurement.consultation.helpers import chair_of, consultation_tender, insurer_user
from tests.procurement.consultation.helpers import submit as submit_offer
from tests.procurement.evaluation.test_evaluation_operations import full_scores

RESPONSE = "夜间安排两人值守，困人救援30分钟内到场"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def local_input(moment) -> str:
    return local_time(moment, "yyyy-MM-dd'T'HH:mm")


def test_consultation_round_final_offers_and_ranking(page, db, frozen_clock):
    tender = consultation_tender(prices=("2400.00", "2600.00", "2200.00", "2500.00"))
    first, second, third, fourth = queries.compliant_bids(tender)
    chair = chair_of(tender)
    page.set_default_timeout(30_000)

    sign_in(page, chair.username)
    page.goto(f"/evaluation/{tender.id}")
    page.get_by_role("link", name="磋商", exact=True).click()
    for index, bid in enumerate((first, second, third, fourth)):
        card = page.locator(".card").filter(has_text=bid.insurer.name)
        card.get_by_label(f"与{bid.insurer.name}的磋商记录").fill(f"第{index + 1}家：服务承诺细化")
        card.get_by_role("button", name="保存磋商记录").click()
        expect(page.get_by_role("status")).to_contain_text("磋商记录已保存")
    page.get_by_label("采购需求的实质性变动").fill("增加夜间电梯困人救援30分钟到场要求")
    page.get_by_label("供应商响应截止时间").fill(local_input(clock.now() + timedelta(hours=20)))
    page.get_by_role("button", name="发出变动通知").click()
    expect(page.get_by_role("status")).to_contain_text("变动内容已书面通知所有仍在磋商中的供应商")
    page.get_by_label("最后报价截止时间").fill(local_input(clock.now() + timedelta(days=1)))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="要求提交最后报价").click()
    expect(page.get_by_role("status")).to_contain_text("已要求所有仍在磋商中的供应商提交最后报价")
    sign_out(page)

    sign_in(page, insurer_user(third).username)
    page.goto(f"/tenders/{tender.reference}")
    expect(page.get_by_text("增加夜间电梯困人救援30分钟到场要求")).to_be_visible()
    page.get_by_role("link", name="我的磋商与最后报价").click()
    expect(page.get_by_text("第3家：服务承诺细化")).to_be_visible()
    expect(page.get_by_text("第1家：服务承诺细化")).to_have_count(0)  # another's minutes
    page.get_by_label("对本项变动的书面响应").fill(RESPONSE)
    page.get_by_label("附件（PDF，可选）").set_input_files(
        files=[{"name": "救援方案.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交书面响应").click()
    expect(page.get_by_role("status")).to_contain_text("已收到您对第1号变动的书面响应")
    expect(page.locator(".response-text")).to_have_text(RESPONSE)
    expect(page.get_by_role("link", name="附件: 救援方案.pdf")).to_be_visible()
    page.get_by_label("最后报价（元/台·年）").fill("2050.00")
    for band, value in (("5年及以下", "1700"), ("6至10年", "2000"), ("11至15年", "2300"),
                        ("16年及以上", "2600")):  # fmt: skip
        page.get_by_label(f"梯龄{band}电梯保费（元/年）").fill(value)
    page.get_by_label("每台电梯年累计赔偿限额（万元）").fill("50")
    page.get_by_label("每次事故免赔额（元）").fill("0")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交最后报价").click()
    expect(page.get_by_role("status")).to_contain_text("最后报价已收到")
    sign_out(page)

    submit_offer(tender, first, "2350.00")
    submit_offer(tender, second, "2480.00")
    db.session.commit()  # the fourth supplier sends no final offer
    frozen_clock.advance(days=1, hours=1)

    holders = tender_key_of(tender).holders
    sign_in(page, tender.created_by.username)
    page.goto(f"/consultation/{tender.id}")
    page.get_by_label(f"{holders[0].display_name} 的口令").fill(HOLDER_PASSPHRASE)
    page.get_by_label(f"{holders[1].display_name} 的口令").fill(HOLDER_PASSPHRASE)
    page.get_by_role("button", name="开启最后报价").click()
    expect(page.get_by_role("status")).to_contain_text("最后报价已开启")
    change_card = page.locator(".card").filter(has_text="第1号变动")
    expect(change_card.locator("li").filter(has_text=third.insurer.name)).to_contain_text(RESPONSE)
    expect(change_card.get_by_text("未作书面响应")).to_have_count(3)
    row = page.get_by_role("row").filter(has_text=third.insurer.name)
    expect(row).to_contain_text("2200.00")  # the first price
    expect(row).to_contain_text("2050.00")  # the final offer
    expect(page.get_by_role("row").filter(has_text=fourth.insurer.name)).to_contain_text(
        "未提交最后报价"
    )
    sign_out(page)

    db.session.expire_all()
    for seat in queries.members(tender):
        if seat.user_id != chair.id:
            evaluation.save_scores(seat, full_scores(tender))
            evaluation.submit_scoresheet(seat)
    db.session.commit()
    sign_in(page, chair.username)
    page.goto(f"/evaluation/{tender.id}/score")
    expect(page.get_by_role("row").filter(has_text="首次报价（开标时）")).to_contain_text("2200.00")
    expect(page.get_by_role("row").filter(has_text="最后报价（评分依据）")).to_contain_text(
        "2050.00"
    )
    db.session.expire_all()
    chair_seat = next(s for s in queries.members(tender) if s.user_id == chair.id)
    evaluation.save_scores(chair_seat, full_scores(tender))
    evaluation.submit_scoresheet(chair_seat)
    db.session.commit()
    page.goto(f"/evaluation/{tender.id}/overview")
    expect(page.get_by_role("heading", name="排名", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=third.insurer.name).first).to_contain_text(
        "2050.00"
    )
    expect(page.get_by_text(f"{fourth.insurer.name}：未在规定时间内提交最后报价")).to_be_visible()
