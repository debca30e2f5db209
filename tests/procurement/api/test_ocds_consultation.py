"""OCDS for a competitive consultation: the final offer is the bid's value once a result is public."""

from __future__ import annotations

from decimal import Decimal

from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.models import FlagKind, FlagResolution
from procurement.extensions import db
from procurement.publication import operations as publication
from tests.procurement.api import test_ocds as ocds
from tests.procurement.consultation.helpers import open_offers
from tests.procurement.consultation.test_final_offer_record import FINAL, offered
from tests.procurement.evaluation.test_evaluation_operations import full_scores

release_schema = ocds.release_schema  # the OCDS tests' fixtures
validator = ocds.validator


def finalised_consultation(frozen_clock):
    tender, bids, _receipts = offered(frozen_clock)
    open_offers(tender)
    seats = queries.members(tender)
    for seat in seats:
        scores = full_scores(tender)
        evaluation.save_scores(seat, {k: v for k, v in scores.items() if k[0] != bids[3].id})
        evaluation.submit_scoresheet(seat)
    row = evaluation.compute_result(tender)
    by_key = {f"B{bid.id}": bid for bid in bids}
    for entry in row.result["ranking"]:
        if "abnormally_low" in entry["flags"]:
            evaluation.decide_flag(tender, kind=FlagKind.ABNORMALLY_LOW, bid=by_key[entry["bid"]],
                                   seat=None, resolution=FlagResolution.ACCEPTED,
                                   explanation="合理", votes_for=None, chair=seats[0].user)  # fmt: skip
    evaluation.finalise(tender, seats[0].user)
    db.session.commit()  # a job renders the draft as this commits
    sha256 = queries.current_draft(tender).sha256
    for seat in seats:
        evaluation.sign_report(seat, "", sha256)
    db.session.commit()
    return tender, bids


def values(release) -> dict[str, float]:
    return {d["id"]: d["value"]["amount"] for d in release["bids"]["details"] if "value" in d}


def test_the_final_offer_is_the_bid_value_from_the_notice_on(
    client,
    db,
    validator,
    frozen_clock,
):
    tender, bids = finalised_consultation(frozen_clock)
    url = f"/api/v1/tenders/{tender.reference}/ocds"
    frozen_clock.advance(hours=2)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    package = client.get(url).json
    ocds.check(validator, package)
    opened, notice = package["releases"][1], package["releases"][2]
    assert opened["tag"] == ["tenderUpdate"] and notice["tag"] == ["award"]
    count = tender.elevator_count
    for bid, price in zip(bids, FINAL, strict=False):
        key = f"{tender.reference}-B{bid.id}"
        assert values(opened)[key] == float(bid.opened_price * count)  # the first price
        assert values(notice)[key] == float(Decimal(price) * count)  # the final offer
    # the one that left and the one that did not offer keep their first price
    for bid in bids[3:]:
        assert values(notice)[f"{tender.reference}-B{bid.id}"] == float(bid.opened_price * count)
