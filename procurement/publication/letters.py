"""The letters sent at the award, in official Chinese (one module, as the notices' legal wording):
the winner's 中标通知书 (成交通知书 for competitive consultation, 竞争性磋商) and every other
bidder's 结果通知书. Rendered on request from the awarded notice (they never change after it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale

from procurement.bids.models import Bid
from procurement.i18n import local_time
from procurement.publication.models import Notice
from procurement.tenders.models import Tender, TenderMethod

# The winner's contract must be signed within 30 days of the letter (招标投标法 第四十六条,
# 政府采购法 第四十六条).
CONTRACT_DAYS = 30


@dataclass(frozen=True)
class Letter:
    title: str
    addressee: str
    paragraphs: list[str]
    sender: str  # the issuing organisation (the PDF's author)
    date: str
    reference: str  # the tender's, in the PDF's title
    issued_at: datetime  # the award (the PDF's date)


def _words(tender: Tender) -> dict[str, str]:
    if tender.method is TenderMethod.COMPETITIVE_CONSULTATION:
        return {"win": "成交通知书", "winner": "成交供应商", "price": "成交价格",
                "panel": "磋商小组", "candidates": "成交候选人"}  # fmt: skip
    return {"win": "中标通知书", "winner": "中标人", "price": "中标价格",
            "panel": "评标委员会", "candidates": "中标候选人"}  # fmt: skip


def letter_for(tender: Tender, notice: Notice, bid: Bid, winner: Bid) -> Letter:
    """The letter of `bid`'s bidder for an awarded tender whose winning bid is `winner`."""
    words = _words(tender)
    project = f"{tender.procuring_entity}组织的“{tender.title}”（项目编号：{tender.reference}）"
    publicised = (
        f"经{words['panel']}评审，{words['candidates']}公示"
        f"（{local_time(notice.published_at, 'yyyy年M月d日')}至"
        f"{local_time(notice.notice_ends_at, 'yyyy年M月d日')}）期满"
    )
    price = f"人民币{winner.opened_price}元" if winner.opened_price is not None else ""
    if bid.id == winner.id:
        paragraphs = [
            f"{project}，{publicised}，确定贵公司为{words['winner']}，{words['price']}{price}。",
            f"请贵公司自本通知书发出之日起{CONTRACT_DAYS}日内，按照采购文件和贵公司的投标（响应）"
            "文件与采购人订立书面合同。",
        ]
        title = words["win"]
    else:
        paragraphs = [
            f"{project}，{publicised}，确定{winner.insurer.name}为{words['winner']}，"
            f"{words['price']}{price}。",
            "贵公司未被确定为" + words["winner"] + "。感谢贵公司的参与。",
        ]
        title = "结果通知书"
    awarded = notice.awarded_at or notice.published_at
    return Letter(title, bid.insurer.name, paragraphs, tender.procuring_entity,
                  local_time(awarded, "yyyy年M月d日"), tender.reference, awarded)  # fmt: skip


def render_letter(letter: Letter) -> bytes:
    from procurement import pdf

    with force_locale("zh"):
        # PDF/A-2b with its title, issuer and date, as the other published documents
        return pdf.render_pdf("print/letter.html", archival=True, letter=letter)
