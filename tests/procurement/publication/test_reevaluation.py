"""Issue 13 item 2: while an upheld objection has the evaluation reopened, the public notice, its PDF,
its XLSX and the API show the last publicised (finalised) result, marked as under re-evaluation."""

from __future__ import annotations

import copy
import io

from procurement.evaluation.queries import result_of
from procurement.publication import operations as publication
from tests.procurement.publication.test_publication import evaluated


def _pdf_text(data: bytes) -> str:
    import pypdf

    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _xlsx(data: bytes) -> tuple[list[float], str]:
    """The totals of the ranking sheet, and every other cell's text."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    totals = [row[-1] for row in book["排名"].iter_rows(min_row=2, values_only=True)]
    others = [book[name] for name in book.sheetnames if name != "排名"]
    cells = [str(v) for sheet in others for row in sheet.iter_rows(values_only=True) for v in row]
    return totals, " ".join(cells)


def test_a_reopened_evaluation_keeps_the_publicised_result_public(client, db, frozen_clock):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    published = [entry["total"] for entry in result_of(tender).result["ranking"]]
    before = client.get(f"/tenders/{tender.reference}/notice").get_data(as_text=True)
    # A live total that appears nowhere on the page before, so that its absence later means something.
    live_total = next(t for t in (4.56, 3.21, 2.19, 1.08) if f"{t:.2f}" not in before)

    objection = publication.file_objection(tender, user=None, name="甲", contact="x",
                                           grounds="评分有误", evidence=None, evidence_filename=None)  # fmt: skip
    publication.verify_standing(objection, True)
    publication.answer_objection(objection, upheld=True, answer="评分计算有误，重新评审",
                                 fail_tender=False, officer=tender.created_by)  # fmt: skip
    # The committee re-scores: the stored result changes while nothing is finalised.
    row = result_of(tender)
    live = copy.deepcopy(row.result)
    live["ranking"][0]["total"] = live_total
    row.result = live
    db.session.commit()
    assert row.finalised_at is None

    page = client.get(f"/tenders/{tender.reference}/notice").get_data(as_text=True)
    assert "重新评审中" in page
    assert f"{published[0]:.2f}" in page and f"{live_total:.2f}" not in page
    pdf = _pdf_text(client.get(f"/tenders/{tender.reference}/notice.pdf").data)
    assert "重新评审中" in pdf
    assert f"{published[0]:.2f}" in pdf and f"{live_total:.2f}" not in pdf
    totals, notes = _xlsx(client.get(f"/tenders/{tender.reference}/ranking.xlsx").data)
    assert totals == published and "重新评审中" in notes
