"""Command-line commands: seed-demo, tenders list, on the configured database."""

from __future__ import annotations

import json

import sqlalchemy as sa

from procurement import demo
from procurement.accounts.models import User
from procurement.bids.models import Bid
from procurement.register import demo as register_demo
from procurement.shaoguan import demo as shaoguan_demo
from procurement.tenders.models import Tender


def check_shaoguan_demo(db):
    """A community at each stage: listed, eligible, under notice with an objection, insured."""
    from procurement.shaoguan.models import Eligibility, LedgerEntry, Proposal, ProposalStatus

    statuses = sorted(p.status for p in db.session.scalars(sa.select(Proposal)))
    assert statuses == sorted([ProposalStatus.NOTICED, ProposalStatus.INSURED])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Eligibility)) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 3


def check_register_demo(db):
    """Issue 16: a year of the register in each demo district, with its claims and ratings."""
    from procurement import clock
    from procurement.organisations.queries import district_by_code_or_name
    from procurement.register.annexes import annex1
    from procurement.register.models import Claim, Elevator, Policy, Survey

    year = clock.to_local(clock.now()).year
    for code, _name, units, per_unit in register_demo.DISTRICTS:
        district = district_by_code_or_name(code)
        total = annex1(district, year).rows[-1]
        assert total["试点电梯（台）"] >= units * per_unit and total["涉及使用单位（家）"] >= units
    insurers = db.session.scalars(sa.select(Policy.insurer_id).distinct()).all()
    assert len(insurers) == 5
    paid = db.session.scalars(sa.select(Claim).where(Claim.paid_at.is_not(None))).all()
    assert len(paid) > 40
    for claim in paid:
        assert claim.reported_at < claim.surveyed_at < claim.assessed_at < claim.paid_at
        assert claim.amount > 0 and (claim.paid_at - claim.reported_at).days < 60
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) > 40
    for username, *_rest in register_demo.ACCOUNTS + [("sg_property",)]:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        owned = sa.select(sa.func.count()).where(Elevator.user_unit_id == user.organisation_id)
        assert db.session.scalar(owned.select_from(Elevator)) > 0, username


def test_seed_demo_loads_every_role_and_tenders_in_several_states(runner, db):
    from procurement.evaluation.models import EvaluationResult

    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for username in ("admin", "officer", "member1", "insurer1", "insurer6"):
        assert username in first.output
    assert first.output.count("key-holder passphrase: Open-") == 3  # officer, officer2, admin
    listed = runner.invoke(args=["tenders", "list", "--json"])
    states = {item["reference"]: item["status"] for item in json.loads(listed.output)}
    assert states == {
        "CQ-2026-0101": "published",
        "CQ-2026-0102": "publicised",
        "CQ-2026-0103": "failed",
        "CQ-2026-0104": "draft",
        "CQ-2026-0105": "opened",
        "CQ-2026-0106": "closed",  # its deadline has passed: ready to open now
        "CQ-2026-0107": "publicised",  # its objection window has ended: ready to award
        "SG-2026-0001": "published",  # 韶关, on the Guangdong rules (issue 14)
    }
    shaoguan = db.session.scalar(sa.select(Tender).where(Tender.reference == "SG-2026-0001"))
    assert shaoguan.jurisdiction == "440200" and shaoguan.districts == ["浈江区", "武江区"]
    check_ready_steps(db)
    sealed = db.session.scalars(sa.select(Bid).where(Bid.opened_content.is_(None))).all()
    assert len(sealed) == 3 + 3 and all(bid.sealed_content for bid in sealed)
    evaluated = db.session.scalar(sa.select(EvaluationResult))
    assert evaluated.report_pdf.startswith(b"%PDF-") and len(evaluated.result["ranking"]) == 5
    check_maintenance_demo(db)
    check_demo_attachments(db)
    check_shaoguan_demo(db)
    check_register_demo(db)
    for username, *_rest in register_demo.ACCOUNTS:
        assert username in first.output
    check_insurer_maintainers_demo(db)
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    accounts = len(demo.STAFF) + len(demo.INSURERS) + len(shaoguan_demo.USERNAMES)
    accounts += len(register_demo.ACCOUNTS)
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(User)) == accounts
    )  # nothing doubled
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_tenders_list_without_json_is_a_table(runner, db):
    runner.invoke(args=["seed-demo"])
    output = runner.invoke(args=["tenders", "list"]).output
    assert "CQ-2026-0105" in output and "opened" in output


def check_demo_attachments(db):
    """Issue 12 §1: the opened demo bids carry real PDFs, different for each bidder."""
    import io

    import pypdf

    from procurement.tenders.models import Tender

    tender = db.session.scalar(sa.select(Tender).where(Tender.reference == demo.EVALUATED))
    opened = [bid for bid in tender.bids if bid.opened_content is not None]
    assert len(opened) == 5
    texts = set()
    for bid in opened:
        files = {a.filename: a.opened_data for a in bid.attachments}
        assert set(files) == {"理赔方案.pdf", "风险减量服务方案.pdf", "费率方案及备案证明.pdf"}
        rates = pypdf.PdfReader(io.BytesIO(files["费率方案及备案证明.pdf"]))
        text = "".join(page.extract_text() for page in rates.pages)
        assert bid.insurer.name in text
        assert bid.opened_content["fields"]["rate_filing_number"] in text
        texts.add(text)
    assert len(texts) == 5  # each bidder its own


def check_ready_steps(db):
    """Issue 12 §8: one tender the officer can open now, one he can award now."""
    from procurement import clock
    from procurement.publication.queries import award_blockers
    from procurement.tenders.models import Tender

    tenders = {t.reference: t for t in db.session.scalars(sa.select(Tender))}
    ready = tenders["CQ-2026-0106"]
    assert ready.can_open(ready.created_by, clock.now()) and len(ready.bids) == 3
    assert award_blockers(tenders["CQ-2026-0107"]) == []


def check_maintenance_demo(db):
    """About 200 companies, two published years and a draft quarter, graded like the real ones."""
    from collections import Counter

    from procurement.maintenance.models import (
        CompanyResult,
        EvaluationPeriod,
        MaintenanceCompany,
        Publication,
    )

    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceCompany)) == 200
    periods = {p.code: p.status.value for p in db.session.scalars(sa.select(EvaluationPeriod))}
    assert periods == {"2024": "published", "2025": "published", "2026-Q3": "draft"}
    latest = db.session.scalar(sa.select(Publication).order_by(Publication.id.desc()).limit(1))
    grades = Counter(
        db.session.scalars(
            sa.select(CompanyResult.grade).where(CompanyResult.publication_id == latest.id)
        )
    )
    assert sum(grades.values()) == 200 and set(grades) == {"A", "B", "C", "D"}
    # like Anshan 2025 (10/30/14/2 of 56): B is the largest grade, D the smallest
    assert grades["B"] > max(grades["A"], grades["C"]) and grades["D"] < min(
        grades["A"], grades["C"]
    )
    assert (
        sum(
            len(districts) > 0
            for districts in db.session.scalars(sa.select(MaintenanceCompany.districts))
        )
        == 200
    )


def check_insurer_maintainers_demo(db):
    """Issue 20: insurer1's page of the companies maintaining its insured elevators is not empty,
    and they have published results."""
    from procurement import clock
    from procurement.register import queries

    insurer = db.session.scalar(sa.select(User).where(User.username == "insurer1")).insurer
    today = clock.to_local(clock.now()).date()
    maintainers, unknown = queries.insurer_maintainers(insurer.id, today)
    assert maintainers and unknown == 0
    assert all(m.result is not None for m in maintainers)
