"""Issue 13 item 10: anonymous writes are rate-limited per address; objection evidence is capped."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from procurement.accounts.models import Role
from tests.conftest import csrf_token
from tests.factories import make_user
from tests.procurement.auth.test_registration import registration


def post(client, url, data, address="198.51.100.7", **kwargs):
    token = csrf_token(client, url)
    return client.post(
        url, data={**data, "csrf_token": token}, environ_base={"REMOTE_ADDR": address}, **kwargs
    )


def test_sign_in_attempts_are_limited_per_address(client, db, app, monkeypatch):
    # The sign-in throttle (failures per account and address) answers 429 too: out of the way here.
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 1000)
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ADDRESS", 1000)
    make_user(Role.OFFICER, username="officer1")
    wrong = {"username": "officer1", "password": "not-the-password"}
    per_minute = int(app.config["RATE_LIMITS"]["auth.login"].split()[0])
    for _ in range(per_minute):
        assert post(client, "/login", wrong).status_code == 401
    refused = post(client, "/login", wrong)
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "请稍后再试" in refused.get_data(as_text=True)
    assert post(client, "/login", wrong, address="198.51.100.8").status_code == 401
    assert client.get("/login").status_code == 200  # reading the form is not limited


def test_registrations_are_limited_per_address(client, db, app):
    per_hour = int(app.config["RATE_LIMITS"]["auth.register"].split()[0])
    for n in range(per_hour):
        data = registration(username=f"insurer_{n}", uscc="not-a-code")
        assert post(client, "/register", data).status_code == 400
    assert post(client, "/register", registration()).status_code == 429


def test_objections_are_limited_per_address(client, db, app):
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    from procurement.publication import operations as publication

    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    url = f"/tenders/{tender.reference}/objections/new"
    per_hour = int(app.config["RATE_LIMITS"]["publication.object_to"].split()[0])
    empty = {"name": "", "contact": "", "grounds": ""}
    for _ in range(per_hour):
        assert post(client, url, empty).status_code == 400
    assert post(client, url, empty).status_code == 429


@pytest.mark.parametrize(("size", "status"), [(9 * 1024 * 1024, 400), (11 * 1024 * 1024, 413)])
def test_objection_evidence_has_its_own_size_limit(client, db, size, status):
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    from procurement.publication import operations as publication

    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    url = f"/tenders/{tender.reference}/objections/new"
    fields = {"name": "张三", "contact": "13800000000", "grounds": "评分有误"}
    fields["csrf_token"] = csrf_token(client, url)
    # Not a PDF, so refused by its content once read; encoded in memory (a spooled temporary file
    # would be left open when the app refuses the body unread).
    evidence = FileStorage(io.BytesIO(b"x" * size), "evidence.pdf", content_type="application/pdf")
    boundary, body = encode_multipart({**fields, "evidence": evidence})
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == status
