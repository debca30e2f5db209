"""The district office submits its annual report: a dashboard task until it does, the annexes
frozen with their SHA-256 and audited; a correction is a new version that needs its reason."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import sqlalchemy as sa

from procurement import clock
from procurement.audit.models import AuditEvent
from procurement.register.models import Policy, ReportSubmission
from procurement.register.reports import canonical
from tests.conftest import submit
from tests.procurement.register import helpers as h
from tests.procurement.register.test_district_pages import _officer

PAGE = "/pilot/district/?year=2024"


def test_the_office_submits_freezes_and_corrects_with_a_reason(client, db, login_as):
    h.build()
    login_as(_officer(db, "500103"))
    with clock.travel_to(datetime(2024, 12, 1, 2, 0, tzinfo=UTC)):
        assert "报送渝中区 2024 年度试点报告" in client.get("/dashboard").get_data(as_text=True)
    response = submit(client, "/pilot/district/submit?year=2024", {}, form_page=PAGE)
    assert response.status_code == 302
    report = db.session.scalar(sa.select(ReportSubmission))
    assert (report.year, report.version, report.reason) == (2024, 1, "")
    assert (
        report.annexes["1"][0]["保费来源"] == "自筹"
        if "保费来源" in report.annexes["1"][0]
        else True
    )
    assert hashlib.sha256(canonical(report.annexes)).hexdigest() == report.sha256
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "register.report_submitted")
    )
    assert event.details["sha256"] == report.sha256 and event.details["version"] == 1
    with clock.travel_to(datetime(2024, 12, 1, 2, 0, tzinfo=UTC)):
        assert "年度试点报告" not in client.get("/dashboard").get_data(as_text=True)

    # the register changes: the frozen report does not
    frozen = dict(report.annexes)
    db.session.execute(sa.update(Policy).values(premium=1))
    db.session.commit()
    db.session.refresh(report)
    assert report.annexes == frozen

    # a correction without a reason is refused and writes nothing
    page = submit(
        client, "/pilot/district/submit?year=2024", {}, form_page=PAGE, follow_redirects=True
    )
    assert "更正须说明理由" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSubmission)) == 1
    submit(client, "/pilot/district/submit?year=2024", {"reason": "保费录入有误"}, form_page=PAGE)
    versions = db.session.scalars(
        sa.select(ReportSubmission).order_by(ReportSubmission.version)
    ).all()
    assert [v.version for v in versions] == [1, 2] and versions[1].reason == "保费录入有误"
    assert versions[0].sha256 != versions[1].sha256
    text = client.get(PAGE).get_data(as_text=True)
    assert versions[0].sha256 in text and "保费录入有误" in text


def test_other_accounts_cannot_submit(client, db, login_as):
    from procurement.organisations.models import OrganisationKind

    h.build()
    login_as(_officer(db, "500000", OrganisationKind.CITY_MARKET))
    assert client.post("/pilot/district/submit?year=2024").status_code in {400, 404}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSubmission)) == 0
