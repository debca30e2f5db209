"""OCDS release packages validate against the OCDS 1.1.5 schema files in ../shared/ocds."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from procurement.publication import operations as publication
from tests.factories import bid_content, make_insurer, make_tender, submit_bid
from tests.procurement.publication.test_publication import evaluated

SHARED = Path(__file__).resolve().parents[4] / "shared" / "ocds"


@pytest.fixture(scope="module")
def validator():
    # The OCDS 1.1.5 schemas live in ../shared/ocds beside the checkout (CI provides that folder).
    assert SHARED.is_dir(), f"{SHARED} is missing: the OCDS schemas are read from ../shared/ocds"
    package = json.loads((SHARED / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((SHARED / "release-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return jsonschema.Draft4Validator(
        package, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def check(validator, package):
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_an_open_tender_validates_and_reveals_no_bid(client, db, validator):
    tender = make_tender()
    bidder = make_insurer(name="开放数据保密测试公司")
    submit_bid(tender, bidder, bid_content("2555.55"))
    db.session.commit()
    response = client.get(f"/api/v1/tenders/{tender.reference}/ocds")
    check(validator, response.json)
    body = response.get_data(as_text=True)
    assert "开放数据保密测试公司" not in body and "2555.55" not in body and '"bids"' not in body


def test_a_publicised_and_awarded_tender_validates_with_bids_and_awards(
    client, db, validator, runner
):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    package = client.get(f"/api/v1/tenders/{tender.reference}/ocds").json
    check(validator, package)
    release = package["releases"][0]
    assert len(release["bids"]["details"]) == 5 and release["awards"][0]["status"] == "pending"
    assert "award" in release["tag"]
    broken = json.loads(json.dumps(package))
    broken["releases"][0]["tag"] = ["notATag"]  # the validator does follow the release schema
    assert list(validator.iter_errors(broken))
    result = runner.invoke(args=["ocds", tender.reference])
    assert result.exit_code == 0
    check(validator, json.loads(result.output))


def test_drafts_have_no_release(client, db):
    draft = make_tender(status="draft")
    assert client.get(f"/api/v1/tenders/{draft.reference}/ocds").status_code == 404
