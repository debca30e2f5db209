"""The demo's Shaoguan programme: the city's ledger with a year's income, and four communities of
浈江区 at each stage (listed, eligible, under notice with an owner's objection, insured)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from procurement.accounts import operations as accounts
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.extensions import db
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register.models import Community, Elevator, Ownership
from procurement.shaoguan import ledger, notice, operations
from procurement.shaoguan.models import Condition, Eligibility, Programme, Proposal

# A minimal PDF standing for the custodian bank's statement and the evidence.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
USERNAMES = ("sg_city", "sg_zhenjiang", "sg_property")
COMMUNITIES = ["五里亭小区", "风采花园", "东堤北路小区", "帝景湾"]
EVIDENCE = {
    Condition.FUNDS: "专项维修资金账户余额充足，足以支付三年保费",
    Condition.COMMITTEE: "业主委员会依法成立，近两年按期召开业主大会",
    Condition.MANAGEMENT: "物业服务与电梯维保合同齐全，近一年定期检验一次合格",
    Condition.WILLINGNESS: "业主委员会书面申请参加试点",
}


def _account(role: Role, username: str, name: str, office: Organisation) -> tuple[str, str, str]:
    password = "Tb-" + secrets.token_urlsafe(9)
    accounts.create_account(role=role, username=username, display_name=name, password=password,
                            email=f"{username}@demo.tibao.invalid", organisation=office)  # fmt: skip
    return username, role.value, password


def load_demo() -> list[tuple[str, str, str]]:
    """Create the programme and its accounts; return (username, role, password) of each."""
    offices = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
    city, bureau = offices["韶关市住房和城乡建设管理局"], offices["韶关市浈江区住房和城乡建设局"]
    district = db.session.scalars(sa.select(District).where(District.code == "440204")).one()
    property_org = Organisation(name="韶关市安居物业服务有限公司", kind=OrganisationKind.PROPERTY,
                                district=district)  # fmt: skip
    db.session.add(property_org)
    db.session.flush()
    created = [
        _account(Role.OFFICER, "sg_city", "韶关市住建局经办人", city),
        _account(Role.OFFICER, "sg_zhenjiang", "浈江区住建局经办人", bureau),
        _account(Role.COMMUNITY, "sg_property", "安居物业经办人", property_org),
    ]
    city_user, bureau_user, staff = (
        db.session.scalars(sa.select(User).where(User.username == row[0])).one() for row in created
    )
    programme = operations.create_programme(
        city, slug="shaoguan", name="韶关市住宅电梯维修保险试点（专项维修资金增值收益）",
        notice_days=7, target_elevators=300, target_date=date(2025, 8, 31), user=city_user,
    )  # fmt: skip
    ledger.post_income(programme, year=2024, amount=Decimal("360000.00"), statement=DEMO_PDF,
                       statement_filename="2024年度增值收益对账单.pdf", memo="托管银行年度结息",
                       user=city_user)  # fmt: skip
    insurer = db.session.scalars(
        sa.select(Insurer).where(Insurer.status == InsurerStatus.APPROVED).order_by(Insurer.id)
    ).first()
    for stage, name in enumerate(COMMUNITIES):
        community = Community(district_id=district.id, name=name)
        db.session.add(community)
        db.session.flush()
        for n in range(1, 4):
            db.session.add(Elevator(
                number=f"SG{stage}{n:02d}", registration_code=f"31104402{stage}{n:04d}",
                user_unit=property_org, district_id=district.id, community_id=community.id,
                address=f"{name}{n}栋", in_service_on=date(2008 + stage, 6, 1), stops=18,
                residents=120, ownership=Ownership.COMMERCIAL,
            ))  # fmt: skip
        db.session.flush()
        if stage and insurer is not None:
            _advance(programme, community, stage, property_org, bureau_user, staff, insurer)
    db.session.commit()
    return created


def _advance(
    programme: Programme, community: Community, stage: int, property_org: Organisation,
    bureau: User, staff: User, insurer: Insurer,
) -> None:  # fmt: skip
    eligibility = operations.open_eligibility(programme, community, property_id=property_org.id,
                                              committee_id=None, user=bureau)  # fmt: skip
    for condition, text in EVIDENCE.items():
        operations.record_evidence(eligibility, condition, text=text, filename=None, data=None,
                                   user=bureau)  # fmt: skip
    operations.mark_eligible(eligibility, bureau)
    if stage < 2:
        return
    proposal = _propose(eligibility, staff, insurer, bureau)
    notice.publish_notice(proposal, bureau)
    if stage == 2:
        notice.file_objection(proposal, building="3栋", unit="2单元", room="1201",
                              reason="希望公布保费比选依据", name="张先生", phone="13800000000")  # fmt: skip
        return
    # The demo back-dates this notice so that it has ended: the settlement then approves it.
    assert proposal.notice_starts_at and proposal.notice_ends_at  # noqa: S101  # just set
    proposal.notice_starts_at -= timedelta(days=10)
    proposal.notice_ends_at -= timedelta(days=10)
    notice.settle(proposal)
    insurer_user = next(iter(insurer.users), None)
    notice.confirm_insurance(proposal, policy_number="PSG2025-0001", user=insurer_user)


def _propose(eligibility: Eligibility, staff: User, insurer: Insurer, bureau: User) -> Proposal:
    elevators = db.session.scalars(
        sa.select(Elevator.id).where(Elevator.community_id == eligibility.community_id)
    ).all()
    values = {"elevator_ids": list(elevators), "insurer_id": insurer.id, "product": "电梯维修保险",
              "approval_no": "C00001232612024051600001", "premium": Decimal("2400.00"),
              "amount": None, "starts_on": date(2025, 1, 1), "ends_on": date(2025, 12, 31)}  # fmt: skip
    proposal = operations.create_proposal(eligibility, values, staff)
    operations.review_clause(proposal, clause="第五条 保险责任",
                             finding="覆盖零部件更换及人工费用，符合业主利益", user=bureau)  # fmt: skip
    operations.review_clause(proposal, clause="第九条 免赔额", finding="无免赔额", user=bureau)
    return proposal
