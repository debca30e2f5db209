"""下浮系数 K drawn at opening (issue 14 §2): published with the tender, drawn from the opening
record's receipts, shown with how to check it, and used in the ranking."""

from __future__ import annotations

import copy
import hashlib
import io
import re
from datetime import timedelta

from pypdf import PdfReader

from procurement.accounts.models import Role
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.extensions import db
from procurement.opening.queries import submitted_bids
from procurement.tenders.models import LegalRoute, TenderStatus
from tests.conftest import submit
from tests.factories import (
    bid_content,
    make_insurer,
    make_tender,
    make_user,
    open_tender,
    submit_bid,
)
from tests.procurement.evaluation.test_evaluation_operations import (
    declare_all,
    full_scores,
    pass_all,
)
from tests.procurement.tenders.test_tender_views import criteria_form

CANDIDATES = [0.02, 0.03, 0.04, 0.05]
PRICES = ["2400.00", "2600.00", "2200.00", "2800.00", "2500.00"]


def drawing_tender(candidates=CANDIDATES, **values):
    """A published tendering-law tender whose 20-point price criterion draws K at opening."""
    tender = make_tender(route=LegalRoute.TENDERING_LAW, deadline_in=timedelta(hours=1), **values)
    criteria = copy.deepcopy(tender.criteria)
    price = next(c for c in criteria if c["id"] == "price")
    if candidates is not None:
        price["rule"] = {"type": "price_deviation", "k_candidates": candidates, "above": 1,
                         "below": 0.5, "deviation_decimals": 2}  # fmt: skip
    tender.criteria = criteria
    db.session.commit()
    return tender


def opened(tender, frozen_clock):
    for price in PRICES:
        submit_bid(tender, make_insurer(), bid_content(price))
    db.session.commit()
    frozen_clock.advance(hours=2)
    open_tender(tender)
    db.session.commit()
    return tender


def recompute(receipts, candidates):
    """The check anyone can make from the published record, written here independently."""
    seed = hashlib.sha256("\n".join(receipts).encode()).hexdigest()
    return seed, candidates[int(seed, 16) % len(candidates)]


def test_the_announcement_publishes_the_candidates(client, db):
    tender = drawing_tender()
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "下浮系数 K 在开标时从以下数值中抽取：0.02、0.03、0.04、0.05。" in page
    assert "已抽取" not in page


def test_k_is_drawn_at_opening_and_anyone_can_recompute_it(client, db, login_as, frozen_clock):
    tender = opened(drawing_tender(), frozen_clock)
    assert tender.status is TenderStatus.OPENED and tender.k_draw is not None
    login_as(tender.created_by)
    page = client.get(f"/tenders/{tender.id}/opening-record").get_data(as_text=True)
    # the receipt hashes as the record lists them, in its order
    receipts = re.findall(r'<td><code class="hash">([0-9a-f]{64})</code></td>', page)
    assert receipts == [bid.receipt_hash for bid in submitted_bids(tender)] and len(receipts) == 5
    seed, k = recompute(receipts, CANDIDATES)
    assert tender.k_draw["seed"] == seed and tender.k_draw["k"] == k
    assert f"K = {k:g}" in page and seed in page and "验证方法" in page
    assert "0.02、0.03、0.04、0.05" in page
    # the script printed on the record runs and prints the seed and K
    script = re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1)
    printed = io.StringIO()
    exec(script.replace("&#34;", '"'), {"print": lambda *a: printed.write(" ".join(map(str, a)))})  # noqa: S102
    assert printed.getvalue() == f"{seed} {k}"
    # the PDF of the record says the same
    response = client.get(f"/tenders/{tender.id}/opening-record.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = re.sub(r"\s+", "", text)
    assert f"K={k:g}" in flat and seed in flat and "0.02、0.03、0.04、0.05" in flat
    assert "验证方法" in flat and "hashlib.sha256" in flat
    # the public announcement shows the draw too (the receipt hashes are public once opened)
    public = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert f"已抽取：K = {k:g}。" in public and seed in public
    api = client.get(f"/api/v1/tenders/{tender.reference}").json["opening"]
    receipts = [bid["receipt_hash"] for bid in api["bids"]]
    assert recompute(receipts, api["k_draw"]["candidates"]) == (api["k_draw"]["seed"], k)


def test_the_drawn_k_scores_the_price(db, frozen_clock):
    tender = opened(drawing_tender(), frozen_clock)
    users = [make_user(Role.MEMBER) for _ in range(3)]
    seats = evaluation.assign_committee(tender, users, users[0])
    declare_all(seats)
    pass_all(tender, tender.created_by)
    for seat in seats:
        evaluation.save_scores(seat, full_scores(tender))
        evaluation.submit_scoresheet(seat)
    spec = queries.engine_spec(tender, sensitivity=False)
    k = tender.k_draw["k"]
    assert next(c for c in spec["criteria"] if c["id"] == "price")["rule"]["k"] == k
    row = evaluation.compute_result(tender)
    # by hand: benchmark = mean price 2,500 × (1 − K); 20 − d above, 20 − 0.5 × |d| below
    benchmark = 2500 * (1 - k)
    for entry in row.result["ranking"]:
        d = round((entry["price"] - benchmark) / benchmark * 100 + 1e-12, 2)
        expected = 20 - d if d > 0 else 20 - 0.5 * abs(d)
        assert entry["points"]["price"] == round(expected + 1e-12, 2), (entry, k)
    assert tender.criterion("price")["rule"].get("k") is None  # the published rule is unchanged


def test_a_tender_without_k_draws_nothing(client, db, login_as, frozen_clock):
    tender = opened(drawing_tender(candidates=None), frozen_clock)
    assert tender.status is TenderStatus.OPENED and tender.k_draw is None
    login_as(tender.created_by)
    page = client.get(f"/tenders/{tender.id}/opening-record").get_data(as_text=True)
    assert "下浮系数" not in page and "验证方法" not in page
    response = client.get(f"/tenders/{tender.id}/opening-record.pdf")
    assert "下浮系数" not in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages
    )


def test_a_failed_opening_draws_nothing(db, frozen_clock):
    tender = drawing_tender(min_bids=3)
    submit_bid(tender, make_insurer(), bid_content("2400.00"))
    db.session.commit()
    frozen_clock.advance(hours=2)
    open_tender(tender)
    assert tender.status is TenderStatus.FAILED and tender.k_draw is None


def test_bad_k_candidates_are_refused_in_the_editor_naming_the_criterion(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft", route=LegalRoute.TENDERING_LAW)
    url = f"/tenders/{tender.id}/criteria"
    price_row = {"rule_type": "price_deviation", "source": "price"}
    cases = {
        "k=0.02|1.5, above=1, below=1": "投标报价：下浮系数 K 的每个候选值须为不小于 0 且小于 1 的数。",
        "k=0.02|0.03|0.02, above=1, below=1": "投标报价：下浮系数 K 的候选值有重复。",
        "k=0.05~0.02/0.01, above=1, below=1": "下浮系数 K 的范围请写成 最小值~最大值/步长",
        "k=0~0.9/0.001, above=1, below=1": "下浮系数 K 的候选值最多 100 个。",
    }
    for parameters, message in cases.items():
        data = criteria_form(tender, price={**price_row, "parameters": parameters})
        response = submit(client, url, {**data, "action": "save"})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True), parameters
    db.session.refresh(tender)
    assert tender.criterion("price")["rule"] == {"type": "price"}  # nothing saved
    good = criteria_form(
        tender, price={**price_row, "parameters": "k=0.02~0.05/0.01, above=1, below=0.5"}
    )
    assert submit(client, url, {**good, "action": "save"}).status_code == 302
    db.session.refresh(tender)
    assert tender.criterion("price")["rule"]["k_candidates"] == CANDIDATES
    page = client.get(url).get_data(as_text=True)
    assert "k=0.02|0.03|0.04|0.05, above=1, below=0.5" in page
