"""The letters of a tender that admits several insurers (入围, issue 14 §3), read from their PDFs:
an admitted insurer is told it is admitted, with its product, never that it won (中标); an insurer
left out is told every admitted insurer, not only the first."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

from pypdf import PdfReader

from procurement.publication import queries
from tests.factories import make_insurer
from tests.procurement.publication.test_admitted import awarded


def pdf_text(response):
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(response.data)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def letter_of(client, login_as, tender, bid):
    client.delete_cookie("session")
    login_as(bid.insurer.users[0])
    response = client.get(f"/tenders/{tender.reference}/letter")
    return unquote(response.headers["Content-Disposition"]), pdf_text(response)


def test_admitted_and_left_out_insurers_read_their_letters(client, db, login_as, frozen_clock):
    tender = awarded(db, frozen_clock, admit_count=3)
    notice = queries.notice_of(tender)
    bids = {f"B{bid.id}": bid for bid in queries.opening_record(tender)}
    admitted = [bids[key] for key in queries.admitted_of(notice)]
    left_out = [bid for key, bid in bids.items() if bid not in admitted]
    assert len(admitted) == 3 and left_out
    for bid in admitted:
        disposition, text = letter_of(client, login_as, tender, bid)
        assert "入围通知书" in disposition and "入围通知书" in text
        assert "中标" not in text  # neither 中标人 nor 中标通知书: the insurer is admitted
        assert "贵公司入围本项目入围名单（共3家保险机构）" in text
        # its product: its own premium, and its clauses and rates filed, with the numbers
        assert f"入围产品：保险费人民币{bid.opened_price}元/台·年" in text
        assert (
            "条款和费率经监管部门备案（条款：C00001234567890123；费率：R00001234567890123）" in text
        )
        assert not any(other.insurer.name in text for other in admitted if other is not bid)
    for bid in left_out:
        disposition, text = letter_of(client, login_as, tender, bid)
        assert "结果通知书" in disposition and "中标" not in text
        assert "确定以下3家保险机构入围" in text and "贵公司未入围" in text
        named = [other.insurer.name for other in admitted]
        assert all(name in text for name in named)  # all of them, not only the first
        assert [text.index(name) for name in named] == sorted(text.index(n) for n in named)
        assert all(f"人民币{other.opened_price}元/台·年" in text for other in admitted)
    client.delete_cookie("session")
    login_as(make_insurer())
    assert client.get(f"/tenders/{tender.reference}/letter").status_code == 404


def test_a_single_winner_keeps_its_award_letters(client, db, login_as, frozen_clock):
    tender = awarded(db, frozen_clock)
    notice = queries.notice_of(tender)
    bids = {f"B{bid.id}": bid for bid in queries.opening_record(tender)}
    winner = bids[queries.admitted_of(notice)[0]]
    _disposition, text = letter_of(client, login_as, tender, winner)
    assert "中标通知书" in text and "确定贵公司为中标人" in text and "入围" not in text
    loser = next(bid for bid in bids.values() if bid is not winner)
    _disposition, text = letter_of(client, login_as, tender, loser)
    assert f"确定{winner.insurer.name}为中标人" in text and "贵公司未被确定为中标人" in text
