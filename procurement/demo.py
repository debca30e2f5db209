"""Demo data for a newcomer: one account per role, insurer companies, and tenders in several states
(open with sealed bids, opened, failed, a draft).

Passwords are random per installation, kept in instance/demo-accounts.txt and printed by `seed-demo`.
Later features add their tenders and results here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from procurement import clock
from procurement.accounts import operations as accounts
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.accounts.uscc import check_character
from procurement.demo_evidence import attach_demo_files, demo_content
from procurement.demo_shaoguan import load_shaoguan_tender
from procurement.extensions import db
from procurement.maintenance.demo import load_demo
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.organisations.operations import organisation_for
from procurement.register.demo import load_register_demo
from procurement.register.demo_maintainers import give_maintainers
from procurement.shaoguan.demo import load_demo as load_shaoguan

if TYPE_CHECKING:
    from procurement.tenders.models import Tender


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    note: str = ""
    office: str | None = None  # an office of organisations/demo.py (officers: the first one)


STAFF = [
    DemoAccount("admin", Role.ADMIN, "系统管理员"),
    DemoAccount("officer", Role.OFFICER, "王采购"),
    DemoAccount("officer2", Role.OFFICER, "赵采购"),
    # A second office's officers (韶关's two pilot districts) and the regulators' supervisors.
    DemoAccount("zhenjiang", Role.OFFICER, "周采购", office="韶关市浈江区住房和城乡建设局"),
    DemoAccount("wujiang", Role.OFFICER, "吴采购", office="韶关市武江区住房和城乡建设局"),
    DemoAccount("market", Role.SUPERVISOR, "孙监管", office="重庆市市场监督管理局"),
    DemoAccount("finance", Role.SUPERVISOR, "钱监管", office="国家金融监督管理总局重庆监管局"),
    DemoAccount("shaoguan", Role.SUPERVISOR, "郑监管", office="韶关市住房和城乡建设管理局"),
    *[
        DemoAccount(f"member{n}", Role.MEMBER, name)
        for n, name in enumerate(["李评审", "张评审", "刘评审", "陈评审", "杨评审"], start=1)
    ],
]

# Fictional companies; the first five are approved, the last waits for review.
INSURERS = [
    ("insurer1", "渝安财产保险股份有限公司重庆分公司", "000001"),
    ("insurer2", "长江梯安财产保险有限公司重庆分公司", "000002"),
    ("insurer3", "山城联合财产保险股份有限公司重庆分公司", "000003"),
    ("insurer4", "巴渝保险股份有限公司重庆市分公司", "000004"),
    ("insurer5", "嘉陵财产保险股份有限公司重庆分公司", "000005"),
    ("insurer6", "两江新安财产保险有限公司重庆分公司", "000006"),
]


def demo_uscc(serial: str) -> str:
    """A well-formed code (valid check character) for a fictional Chongqing company."""
    # 9 (registered by the market regulator) 1 (company) 500000 (Chongqing) + a 9-character body.
    first17 = f"91500000MA6{serial}"
    return first17 + check_character(first17)


def _user(username: str) -> User:
    return db.session.scalars(sa.select(User).where(User.username == username)).one()


def _password() -> str:
    return "Tb-" + secrets.token_urlsafe(9)


# The demo's key holders (officer, a second officer, the administrator as supervisor): any two of
# the three open a demo tender's bids together.
HOLDERS = ("officer", "officer2", "admin")


def load(accounts_file: Path) -> list[tuple[str, ...]]:
    """Create the demo accounts if the database has no user yet; return (username, role, password
    [, key-holder passphrase])."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        return []
    from procurement.organisations.demo import load_organisations

    load_organisations()
    created = _holder_keys(_load_staff()) + _load_insurers(_user("admin"))
    passphrases = {row[0]: row[3] for row in created if len(row) > 3}
    load_tenders(passphrases)
    load_shaoguan_tender(_user("officer"), [_user(name) for name in HOLDERS])
    load_evaluation()
    load_ready_steps(passphrases)
    load_demo(_user("officer"), insurer=_user("insurer1"))
    created += load_shaoguan()
    created += load_register_demo()
    give_maintainers(_user("insurer1").insurer)  # last: after the register's demo data
    accounts_file.write_text("".join("\t".join(row) + "\n" for row in created), encoding="utf-8")
    accounts_file.chmod(0o600)
    rejected = sa.select(Insurer.id).where(Insurer.status == InsurerStatus.REJECTED)
    assert db.session.scalar(rejected) is None  # noqa: S101  # a self-check of the demo data
    return created


def _load_staff() -> list[tuple[str, str, str]]:
    from procurement.organisations.demo import buying_office

    office = buying_office()
    offices = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
    created = []
    for account in STAFF:
        password = _password()
        accounts.create_account(
            role=account.role,
            username=account.username,
            display_name=account.display_name,
            email=f"{account.username}@demo.tibao.invalid",
            password=password,
            organisation=offices[account.office]
            if account.office
            else (office if account.role is Role.OFFICER else None),
        )
        created.append((account.username, account.role.value, password))
    return created


def _holder_keys(created: list[tuple[str, str, str]]) -> list[tuple[str, ...]]:
    """Give the demo's key holders a random passphrase each; it is printed with their password."""
    from procurement.keyholders import operations as keyholders

    rows: list[tuple[str, ...]] = []
    for row in created:
        if row[0] in HOLDERS:
            passphrase = "Open-" + secrets.token_urlsafe(12)
            keyholders.set_passphrase(_user(row[0]), passphrase, passphrase)
            rows.append((*row, passphrase))
        else:
            rows.append(row)
    return rows


def _load_insurers(admin: User) -> list[tuple[str, str, str]]:
    """The insurer companies with one account each; all but the last approved."""
    created = []
    for index, (username, company, serial) in enumerate(INSURERS):
        insurer = Insurer(
            name=company,
            uscc=demo_uscc(serial),
            licence_number=f"000{index + 1:03d}500000800",
            contact_name=f"联系人{index + 1}",
            contact_phone=f"023-6{index + 1:03d}0000",
            contact_email=f"{username}@demo.tibao.invalid",
        )
        insurer.organisation = organisation_for(OrganisationKind.INSURER, company, insurer.uscc)
        db.session.add(insurer)
        password = _password()
        accounts.create_account(
            role=Role.INSURER, username=username, display_name=f"{company[:6]}投标专员",
            email=f"{username}@demo.tibao.invalid", password=password, insurer=insurer,
        )  # fmt: skip
        pending = index == len(INSURERS) - 1
        if not pending:
            accounts.approve_insurer(insurer, admin)
        created.append((username, Role.INSURER.value + (" (pending)" if pending else ""), password))
    return created


DISTRICT_TENDERS = [
    # reference, title, districts, elevators, days from now to the deadline, bidders (insurer indexes)
    ("CQ-2026-0101", "渝中区老旧住宅电梯维修保险采购项目", ["渝中区"], 1260, 12, [0, 1, 2]),
    (
        "CQ-2026-0102",
        "江北区老旧住宅电梯维修保险采购项目",
        ["江北区", "渝北区"],
        2140,
        -8,
        [0, 1, 2, 3, 4],
    ),
    ("CQ-2026-0103", "南岸区老旧住宅电梯维修保险采购项目", ["南岸区"], 860, -5, [1, 3]),
    ("CQ-2026-0105", "沙坪坝区老旧住宅电梯维修保险采购项目", ["沙坪坝区"], 1540, -3, [0, 2, 3, 4]),
]
EVALUATED = "CQ-2026-0102"


def load_tenders(passphrases: dict[str, str]) -> None:
    """Tenders in several states: open with sealed bids, opened, failed, and a draft.

    Bids are sealed with the Python twin of the browser's encryption; the officer and the second
    officer open the past tenders with their passphrases ({username: passphrase})."""

    from procurement.tenders import operations as tender_ops
    from procurement.tenders.models import LegalRoute, TenderMethod

    officer = _user("officer")
    start = clock.now().replace(second=0, microsecond=0)
    for reference, title, districts, elevators, deadline_days, bidders in DISTRICT_TENDERS:
        deadline = start + timedelta(days=deadline_days)
        description = (
            f"为{'、'.join(districts)}投入使用15年以上的住宅电梯购买维修保险，"
            "保费由专项维修资金增值收益列支。"
        )
        tender = _past_tender(
            reference, title, districts, elevators, deadline, bidders, description
        )
        if deadline_days < 0:
            _open(tender, passphrases, deadline + timedelta(hours=1))
    with clock.travel_to(start):
        tender_ops.create_tender(
            {
                "reference": "CQ-2026-0104",
                "title": "九龙坡区老旧住宅电梯维修保险采购项目（草稿）",
                "procuring_entity": "重庆市九龙坡区住房和城乡建设委员会",
                "method": TenderMethod.COMPETITIVE_CONSULTATION,
                "route": LegalRoute.GOVERNMENT_PROCUREMENT,
                "districts": ["九龙坡区"],
                "elevator_count": 930,
                "ceiling_price": 2800,
                "min_bids": 3,
                "submission_deadline": start + timedelta(days=30),
                "opening_time": start + timedelta(days=30, hours=1),
                "notice_days": 3,
                "description": "",
            },
            officer,
        )


def _nearest(levels: list[float], value: float) -> float:
    return min(levels, key=lambda level: abs(level - value))


def load_evaluation(reference: str = "", publicise_at: datetime | None = None) -> None:
    """Evaluate the opened tender CQ-2026-0102 (or `reference`) completely — five members, reviews,
    scores with one outlier explained by its member, the final ranking, every signature, the stored
    report — and publicise its candidates (at `publicise_at`, or now)."""

    from procurement.evaluation import documents
    from procurement.evaluation import operations as ev
    from procurement.evaluation import queries as evq
    from procurement.evaluation.models import FlagKind, FlagResolution, ReviewKind
    from procurement.evaluation.queries import current_draft, result_of
    from procurement.tenders.models import Tender

    reference = reference or EVALUATED
    tender = db.session.scalars(sa.select(Tender).where(Tender.reference == reference)).one()
    officer = tender.created_by
    members = [_user(f"member{n}") for n in range(1, 6)]
    moment = (tender.opened_at or clock.now()) + timedelta(hours=1)
    with clock.travel_to(moment):
        seats = ev.assign_committee(tender, members, members[0])
        for seat in seats:
            ev.declare(seat, False, "")
        for kind in (ReviewKind.QUALIFICATION, ReviewKind.COMPLIANCE):
            for bid in evq.eligible_for_review(tender, kind):
                decisions = {r["id"]: (True, "") for r in evq.requirements(tender, kind)}
                ev.record_review(tender, bid, kind, decisions, officer)
        bids = evq.compliant_bids(tender)
        # Each member's view of each bid's plans: a shared judgement plus a little disagreement.
        quality = [0.9, 0.7, 0.55, 0.95, 0.65]
        for m, seat in enumerate(seats):
            values: dict[tuple[int, str], Decimal | None] = {}
            for b, bid in enumerate(bids):
                for criterion in evq.subjective_criteria(tender):
                    top = criterion["max_points"]
                    raw = top * min(1.0, max(0.0, quality[b % 5] + 0.05 * ((m + b) % 3 - 1)))
                    levels: list[float] = criterion["rule"].get("levels") or []
                    if levels:
                        raw = _nearest(levels, raw)
                    values[(bid.id, criterion["id"])] = Decimal(str(round(raw, 1)))
            if m == 4:  # one member much harsher on the claims plan of the first bid
                values[(bids[0].id, "claims_plan")] = Decimal("0")
            ev.save_scores(seat, values)
            ev.submit_scoresheet(seat)
        row = ev.compute_result(tender)
        seat_of = {f"M{seat.id}": seat for seat in seats}
        by_key = {f"B{bid.id}": bid for bid in bids}
        for member_key, bid_key in sorted(
            {(o["member"], o["bid"]) for o in row.result["outliers"]}
        ):
            ev.decide_flag(
                tender, kind=FlagKind.OUTLIER, bid=by_key[bid_key], seat=seat_of[member_key],
                resolution=FlagResolution.EXPLAINED,
                explanation="该成员书面说明：理赔方案未承诺向维保单位直接支付，故给予低分。",
                votes_for=None, chair=members[0],
            )  # fmt: skip
        final = result_of(tender)
        assert final is not None  # noqa: S101  # compute_result above stored it
        for entry in final.result["ranking"]:
            if "abnormally_low" in entry["flags"]:
                ev.decide_flag(
                    tender, kind=FlagKind.ABNORMALLY_LOW, bid=by_key[entry["bid"]], seat=None,
                    resolution=FlagResolution.ACCEPTED, explanation="投标人提供了成本测算，理由成立。",
                    votes_for=None, chair=members[0],
                )  # fmt: skip
        ev.finalise(tender, members[0])
        draft = current_draft(tender)
        assert draft is not None  # noqa: S101  # finalise wrote it
        # The demo is not a request: it renders here what a worker renders (the queued jobs then
        # find the documents stored and do nothing).
        documents.prepare_draft(draft.id, lambda _percent: None)
        for seat in seats:
            ev.sign_report(seat, "", draft.sha256 or "")  # each member signs the draft they read
        documents.prepare_report(tender.id, lambda _percent: None)
    # The candidates go under public notice now, so a newcomer can read them and try an objection.
    from procurement.publication.operations import publish_candidates

    with clock.travel_to(publicise_at or clock.now()):
        publish_candidates(tender, officer)


READY_TO_OPEN = "CQ-2026-0106"
READY_TO_AWARD = "CQ-2026-0107"


def load_ready_steps(passphrases: dict[str, str]) -> None:
    """Two tenders where the next step can be tried today (issue 12 §8): CQ-2026-0106, whose
    deadline has passed, ready to open now; CQ-2026-0107, evaluated and publicised weeks ago, whose
    objection window has ended, ready to award. Built with the real operations, back in time."""

    start = clock.now().replace(second=0, microsecond=0)
    _past_tender(READY_TO_OPEN, "大渡口区老旧住宅电梯维修保险采购项目", ["大渡口区"], 720,
                 start - timedelta(hours=2), [0, 1, 3])  # fmt: skip
    deadline = start - timedelta(days=60)
    tender = _past_tender(READY_TO_AWARD, "北碚区老旧住宅电梯维修保险采购项目", ["北碚区"],
                          980, deadline, [1, 2, 3, 4])  # fmt: skip
    _open(tender, passphrases, deadline + timedelta(hours=1))
    # Publicised 40 days ago: the notice and the 7 working days of challenges have ended.
    load_evaluation(READY_TO_AWARD, publicise_at=start - timedelta(days=40))


def _past_tender(
    reference: str, title: str, districts: list[str], elevators: int, deadline: datetime,
    bidders: list[int], description: str = "",
) -> Tender:  # fmt: skip
    """A government-procurement open tender published 25 days before `deadline` (the lawful 20
    and more) with the demo's key holders, and bids sealed as the browser seals them from the
    given demo insurers (indexes into INSURERS)."""

    from procurement.bids import operations as bid_ops
    from procurement.bids.sealed import seal_content
    from procurement.keyholders.queries import tender_key_of
    from procurement.tenders import operations as tender_ops
    from procurement.tenders.models import LegalRoute, TenderMethod

    published = deadline - timedelta(days=25)
    description = description or f"为{'、'.join(districts)}投入使用15年以上的住宅电梯购买维修保险。"
    with clock.travel_to(published):
        tender = tender_ops.create_tender(
            {
                "reference": reference, "title": title,
                "procuring_entity": f"重庆市{districts[0]}住房和城乡建设委员会",
                "method": TenderMethod.OPEN_TENDER, "route": LegalRoute.GOVERNMENT_PROCUREMENT,
                "districts": districts, "elevator_count": elevators, "ceiling_price": 3000,
                "min_bids": 3, "submission_deadline": deadline,
                "opening_time": deadline + timedelta(hours=1), "notice_days": 3,
                "description": description,
            },
            _user("officer"),
        )  # fmt: skip
        tender_ops.publish_tender(tender, [_user(name) for name in HOLDERS])
    tender_key = tender_key_of(tender)
    for order, index in enumerate(bidders):
        user = _user(INSURERS[index][0])
        # published with holders just above; a demo bidder belongs to its company
        assert tender_key is not None and user.insurer_id is not None  # noqa: S101
        sealed = seal_content(
            tender_key.public_key, tender.id, user.insurer_id, demo_content(index)
        )
        with clock.travel_to(published + timedelta(days=2 + order)):
            attach_demo_files(tender, user, demo_content(index))  # a claims plan, a rate plan…
            bid_ops.submit_bid(tender, user, sealed)
    return tender


def _open(tender: Tender, passphrases: dict[str, str], when: datetime) -> None:
    """Opened by the officer and the second officer, with their passphrases."""
    from procurement.opening.operations import open_tender

    holders = [_user(name) for name in HOLDERS[:2]]
    with clock.travel_to(when):
        open_tender(tender, _user("officer"), {h.id: passphrases[h.username] for h in holders})
