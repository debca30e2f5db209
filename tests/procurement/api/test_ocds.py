"""OCDS release packages validate against the OCDS 1.1.5 schema patched with the bids extension (both
in ../shared/ocds), hold a tender's whole history of immutable releases dated by their events, and
compile (ocdsmerge, what `ocdskit compile` runs) into a record that tells the story."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import ocdsmerge
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from procurement.api.ocds import BIDS_EXTENSION
from procurement.publication import operations as publication
from procurement.publication.queries import notice_of
from tests.factories import bid_content, make_insurer, make_tender, submit_bid
from tests.procurement.publication.test_publication import evaluated

SHARED = Path(__file__).resolve().parents[4] / "shared" / "ocds"


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch: how an extension's release-schema.json patches the core schema."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def release_schema():
    # The OCDS 1.1.5 schemas live in ../shared/ocds beside the checkout (CI provides that folder).
    assert SHARED.is_dir(), f"{SHARED} is missing: the OCDS schemas are read from ../shared/ocds"
    core = read(SHARED / "release-schema.json")
    return merge_patch(core, read(SHARED / "extensions" / "bids" / "release-schema.json"))


@pytest.fixture(scope="module")
def validator(release_schema):
    package = read(SHARED / "release-package-schema.json")
    registry = Registry().with_resource(
        release_schema["id"], Resource.from_contents(release_schema, default_specification=DRAFT4)
    )
    return jsonschema.Draft4Validator(
        package, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def check(validator, package):
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert package["extensions"] == [BIDS_EXTENSION]
    assert package["license"].startswith("https://")
    assert package["publicationPolicy"].endswith("/api/v1/openapi.json")
    ids = [release["id"] for release in package["releases"]]
    assert len(ids) == len(set(ids))
    assert "[]" not in json.dumps(package)  # no empty arrays


def test_the_bids_extension_is_enforced(validator, release_schema):
    assert release_schema["definitions"]["Bid"]["properties"]["status"]
    package = {"uri": "https://example.org/p", "version": "1.1", "publishedDate": "2026-01-01T00:00:00Z",
               "publisher": {"name": "x"}, "releases": [{
                   "ocid": "ocds-x-1", "id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["tender"],
                   "initiationType": "tender", "bids": {"details": [{"status": "pending"}]}}]}  # fmt: skip
    assert any("'id' is a required property" in e.message for e in validator.iter_errors(package))


def test_an_open_tender_has_one_release_with_items_and_reveals_no_bid(client, db, validator):
    tender = make_tender(elevator_count=1200, ceiling_price="3000.00")
    bidder = make_insurer(name="开放数据保密测试公司")
    submit_bid(tender, bidder, bid_content("2555.55"))
    db.session.commit()
    response = client.get(f"/api/v1/tenders/{tender.reference}/ocds")
    package = response.json
    check(validator, package)
    body = response.get_data(as_text=True)
    assert "开放数据保密测试公司" not in body and "2555.55" not in body and '"bids"' not in body
    [release] = package["releases"]
    assert release["tag"] == ["tender"] and release["date"] == tender.published_at.isoformat()
    [item] = release["tender"]["items"]
    assert item["quantity"] == 1200 and item["unit"]["name"] == "台·年"
    assert item["unit"]["value"] == {"amount": 3000.0, "currency": "CNY"}
    assert release["tender"]["maxValue"]["amount"] == 3_600_000.0  # a yearly total, never 3000


def test_the_whole_history_is_served_immutable_dated_by_events_and_compiles(
    client, db, validator, release_schema, runner, frozen_clock
):
    tender = evaluated(db)
    url = f"/api/v1/tenders/{tender.reference}/ocds"
    opened = client.get(url).json
    check(validator, opened)
    assert [r["tag"] for r in opened["releases"]] == [["tender"], ["tenderUpdate"]]
    assert opened["releases"][1]["date"] == tender.opened_at.isoformat()
    assert {d["status"] for d in opened["releases"][1]["bids"]["details"]} == {"pending"}

    frozen_clock.advance(hours=2)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    frozen_clock.advance(days=30)
    publicised = client.get(url).json
    check(validator, publicised)
    assert publicised["releases"][:2] == opened["releases"]  # earlier releases never change
    notice_release = publicised["releases"][2]
    assert notice_release["tag"] == ["award"] and notice_release["awards"][0]["status"] == "pending"
    assert notice_release["date"] == notice_of(tender).published_at.isoformat()
    assert publicised["publishedDate"] == notice_release["date"]  # not the time of the request
    statuses = {d["status"] for d in notice_release["bids"]["details"]}
    assert statuses <= {"valid", "disqualified"} and "valid" in statuses
    award = notice_release["awards"][0]
    [item] = award["items"]
    assert award["value"]["amount"] == pytest.approx(
        item["unit"]["value"]["amount"] * item["quantity"]
    )
    tenderer = notice_release["parties"][1]
    assert tenderer["identifier"]["scheme"] == "CN-USCI" and tenderer["id"].startswith("CN-USCI-")

    publication.award(tender, tender.created_by)
    db.session.commit()
    awarded = client.get(url).json
    check(validator, awarded)
    assert awarded["releases"][:3] == publicised["releases"]
    last = awarded["releases"][-1]
    assert last["tag"] == ["awardUpdate"] and last["awards"][0]["status"] == "active"
    assert last["tender"]["status"] == "complete"

    merger = ocdsmerge.Merger(schema=release_schema)
    compiled = merger.create_compiled_release(awarded["releases"])
    assert compiled["tag"] == ["compiled"] and compiled["awards"][0]["status"] == "active"
    versioned = merger.create_versioned_release(awarded["releases"])
    history = [v["value"] for v in versioned["tender"]["status"]]
    assert history == ["active", "complete"]

    result = runner.invoke(args=["ocds", tender.reference])
    assert result.exit_code == 0
    assert json.loads(result.output)["releases"] == awarded["releases"]


def test_an_amendment_is_its_own_release_and_the_first_keeps_the_published_values(
    client, db, validator
):
    from procurement.tenders import operations as tenders

    tender = make_tender(title="修改前的标题")
    tenders.amend_tender(tender, {"title": "修改后的标题"}, None, "更正标题", tender.created_by)
    db.session.commit()
    package = client.get(f"/api/v1/tenders/{tender.reference}/ocds").json
    check(validator, package)
    first, second = package["releases"]
    assert first["tender"]["title"] == "修改前的标题" and "amendments" not in first["tender"]
    assert second["tag"] == ["tenderAmendment"] and second["tender"]["title"] == "修改后的标题"
    assert second["tender"]["amendments"][0]["rationale"] == "更正标题"


def test_public_api_answers_carry_cache_validators_and_read_only_cors(client, db):
    tender = make_tender()
    db.session.commit()
    for url in [
        "/api/v1/tenders",
        f"/api/v1/tenders/{tender.reference}/ocds",
        "/api/v1/openapi.json",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["ETag"] and "public" in response.headers["Cache-Control"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" not in response.headers["Access-Control-Allow-Methods"]
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
    ocds = client.get(f"/api/v1/tenders/{tender.reference}/ocds")
    assert "Access-Control-Allow-Credentials" not in ocds.headers


def test_drafts_have_no_release(client, db):
    draft = make_tender(status="draft")
    assert client.get(f"/api/v1/tenders/{draft.reference}/ocds").status_code == 404


def test_a_buyer_with_a_credit_code_is_identified_by_it_in_every_tender(client, db, validator):
    from procurement.organisations.models import Organisation, OrganisationKind
    from tests.factories import make_uscc, make_user

    uscc = make_uscc()
    office = Organisation(
        kind=OrganisationKind.DISTRICT_HOUSING, name="开放数据测试住建委", uscc=uscc
    )
    db.session.add(office)
    officer = make_user(organisation=office)
    first, second = make_tender(officer=officer), make_tender(officer=officer)
    buyers = []
    for tender in (first, second):
        package = client.get(f"/api/v1/tenders/{tender.reference}/ocds").json
        check(validator, package)
        [release] = package["releases"]
        [party] = [p for p in release["parties"] if "buyer" in p["roles"]]
        assert party["identifier"] == {"scheme": "CN-USCI", "id": uscc, "legalName": office.name}
        assert release["buyer"]["id"] == party["id"] == f"CN-USCI-{uscc}"
        buyers.append(release["buyer"]["id"])
    assert buyers[0] == buyers[1]
    unidentified = client.get(f"/api/v1/tenders/{make_tender().reference}/ocds").json
    [party] = [p for p in unidentified["releases"][0]["parties"] if "buyer" in p["roles"]]
    assert "identifier" not in party and party["id"].startswith("buyer-")


def test_a_second_notice_after_an_upheld_objection_is_a_new_release_and_the_first_stays(
    client, db, validator, release_schema, frozen_clock
):
    from procurement.evaluation import operations as evaluation
    from procurement.evaluation import queries as evaluation_queries
    from procurement.evaluation.queries import result_of
    from procurement.publication.queries import committee_of

    tender = evaluated(db)
    url = f"/api/v1/tenders/{tender.reference}/ocds"
    frozen_clock.advance(hours=2)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    first = client.get(url).json
    check(validator, first)
    [first_notice] = [r for r in first["releases"] if r["tag"] == ["award"]]
    first_winner = first_notice["awards"][0]["relatedBid"]

    frozen_clock.advance(hours=3)
    objection = publication.file_objection(tender, user=None, name="甲", contact="x",
                                           grounds="评分有误", evidence=None, evidence_filename=None)  # fmt: skip
    publication.verify_standing(objection, True)
    publication.answer_objection(objection, upheld=True, answer="评分计算有误，重新评审",
                                 fail_tender=False, officer=tender.created_by)  # fmt: skip
    # The committee re-scores: the first two swap places.
    row = result_of(tender)
    result = copy.deepcopy(row.result)
    ranking = result["ranking"]
    ranking[0], ranking[1] = ranking[1], ranking[0]
    ranking[0]["rank"], ranking[1]["rank"] = 1, 2
    ranking[0]["total"], ranking[1]["total"] = ranking[1]["total"] + 1, ranking[0]["total"]
    row.result = result
    seats = committee_of(tender)
    chair = next(seat for seat in seats if seat.is_chair).user
    evaluation.finalise(tender, chair)
    db.session.commit()  # a job renders the draft as this commits
    sha256 = evaluation_queries.current_draft(tender).sha256
    for seat in seats:
        evaluation.sign_report(seat, "", sha256)
    db.session.commit()
    during = client.get(url).json
    check(validator, during)
    assert during["releases"][: len(first["releases"])] == first["releases"]

    frozen_clock.advance(days=1)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    second = client.get(url).json
    check(validator, second)
    # The first notice's release is kept exactly as it was: same id, date and content.
    assert second["releases"][: len(first["releases"])] == first["releases"]
    again = second["releases"][-1]
    assert again["id"] not in {r["id"] for r in first["releases"]}
    assert again["date"] == notice_of(tender).published_at.isoformat() != first_notice["date"]
    assert again["awards"][0]["relatedBid"] != first_winner
    assert again["awards"][0]["status"] == "pending"

    frozen_clock.advance(days=30)
    publication.award(tender, tender.created_by)
    db.session.commit()
    awarded = client.get(url).json
    check(validator, awarded)
    assert awarded["releases"][: len(second["releases"])] == second["releases"]
    merger = ocdsmerge.Merger(schema=release_schema)
    versioned = merger.create_versioned_release(awarded["releases"])
    winners = [v["value"] for v in versioned["awards"][0]["relatedBid"]]
    assert winners == [first_winner, again["awards"][0]["relatedBid"]]
    compiled = merger.create_compiled_release(awarded["releases"])
    assert compiled["awards"][0]["relatedBid"] == again["awards"][0]["relatedBid"]
