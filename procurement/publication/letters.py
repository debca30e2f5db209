"""The letters sent at the award, in official Chinese (one module, as the notices' legal wording):
the winner's 中标通知书 (成交通知书 for competitive consultation, 竞争性磋商) and every other
bidder's 结果通知书; where the tender admits several insurers (入围), each admitted insurer's 入围通知书
(never 中标) with its product, and the others' 结果通知书 naming every admitted insurer. Rendered on
request from the awarded notice (they never change after it)."""

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


def admits_several(tender: Tender) -> bool:
    """A tender that admits several insurers to the list user units choose from (入围)."""
    return tender.admit_count is not None or tender.admit_min_score is not None


def letter_for(tender: Tender, notice: Notice, bid: Bid, admitted: list[Bid]) -> Letter:
    """The letter of `bid`'s bidder for an awarded tender whose award admits `admitted`, best
    first: the winner alone, or every admitted insurer where the tender admits several (入围)."""
    words = _words(tender)
    project = f"{tender.procuring_entity}组织的“{tender.title}”（项目编号：{tender.reference}）"
    period = (
        f"（{local_time(notice.published_at, 'yyyy年M月d日')}至"
        f"{local_time(notice.notice_ends_at, 'yyyy年M月d日')}）期满"
    )
    if admits_several(tender):
        paragraphs, title = _admission(project, f"经{words['panel']}评审，评审结果公示{period}",
                                       bid, admitted)  # fmt: skip
    else:
        paragraphs, title = _award(project, f"经{words['panel']}评审，{words['candidates']}公示{period}",
                                   words, bid, admitted[0])  # fmt: skip
    awarded = notice.awarded_at or notice.published_at
    return Letter(title, bid.insurer.name, paragraphs, tender.procuring_entity,
                  local_time(awarded, "yyyy年M月d日"), tender.reference, awarded)  # fmt: skip


def _award(
    project: str, publicised: str, words: dict[str, str], bid: Bid, winner: Bid
) -> tuple[list[str], str]:
    price = f"人民币{winner.opened_price}元" if winner.opened_price is not None else ""
    if bid.id == winner.id:
        return [
            f"{project}，{publicised}，确定贵公司为{words['winner']}，{words['price']}{price}。",
            f"请贵公司自本通知书发出之日起{CONTRACT_DAYS}日内，按照采购文件和贵公司的投标（响应）"
            "文件与采购人订立书面合同。",
        ], words["win"]
    return [
        f"{project}，{publicised}，确定{winner.insurer.name}为{words['winner']}，"
        f"{words['price']}{price}。",
        "贵公司未被确定为" + words["winner"] + "。感谢贵公司的参与。",
    ], "结果通知书"


# The regulator's word for clauses and rates "经批准或者备案" (a bid's `clause_approval`).
APPROVALS = {"approved": "批准", "filed": "备案"}


def product_of(bid: Bid) -> str:
    """An admitted insurer's product in words: its premium and its clauses' and rates' approval
    or filing with the regulator, with the numbers the bid gave."""
    fields = (bid.opened_content or {}).get("fields", {})
    parts = []
    if bid.opened_price is not None:
        parts.append(f"保险费人民币{bid.opened_price}元/台·年")
    approval = APPROVALS.get(fields.get("clause_approval", ""))
    numbers = [
        f"{label}{' '.join(str(fields[key]).split())}"
        for key, label in (("clause_filing_numbers", "条款："), ("rate_filing_number", "费率："))
        if str(fields.get(key) or "").strip()
    ]
    if approval:
        parts.append(
            f"条款和费率经监管部门{approval}" + (f"（{'；'.join(numbers)}）" if numbers else "")
        )
    return "，".join(parts)


def _admission(
    project: str, publicised: str, bid: Bid, admitted: list[Bid]
) -> tuple[list[str], str]:
    """入围 letters: never 中标 — the insurer is admitted to the list, with its product, or is told
    every insurer admitted, with its premium (each one's filing is on the public list)."""
    if any(other.id == bid.id for other in admitted):
        product = product_of(bid)
        return [
            f"{project}，{publicised}，贵公司入围本项目入围名单（共{len(admitted)}家保险机构）"
            + (f"，入围产品：{product}" if product else "")
            + "。",
            "使用单位可在入围名单中自主选择保险机构和产品。请贵公司按照采购文件和贵公司的投标（响应）"
            "文件，与选择贵公司产品的使用单位订立保险合同并提供约定的服务。",
        ], "入围通知书"
    names = "、".join(
        f"{other.insurer.name}（保险费人民币{other.opened_price}元/台·年）"
        if other.opened_price is not None
        else other.insurer.name
        for other in admitted
    )
    return [
        f"{project}，{publicised}，确定以下{len(admitted)}家保险机构入围：{names}。",
        "贵公司未入围。感谢贵公司的参与。",
    ], "结果通知书"


def render_letter(letter: Letter) -> bytes:
    from procurement import pdf

    with force_locale("zh"):
        # PDF/A-2b with its title, issuer and date, as the other published documents
        return pdf.render_pdf("print/letter.html", archival=True, letter=letter)
