"""The demo's pilot register: a year of it for Chongqing's demo districts and Shaoguan's 浈江区 and
武江区 — user units and communities, elevators, policies from the demo insurers (last year's and
this year's, some renewed with another insurer: 接续), claims with realistic report → survey →
assessment → payment times, and the user units' ratings — plus the accounts of a user unit and a
property company in each city. Written through the register's own imports (operations.apply_file),
so the demo holds nothing an import would refuse."""

from __future__ import annotations

import csv
import io
import random
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from procurement import clock
from procurement.accounts import operations as accounts
from procurement.accounts.models import Insurer, InsurerStatus, Role
from procurement.accounts.uscc import check_character
from procurement.extensions import db
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register import operations
from procurement.register.rows import HEADERS

# district code, name, user units, elevators per unit
DISTRICTS = [
    ("500105", "江北区", 6, 8),
    ("500103", "渝中区", 5, 7),
    ("500112", "渝北区", 5, 7),
    ("500108", "南岸区", 4, 7),
    ("500106", "沙坪坝区", 4, 7),
    ("440204", "浈江区", 5, 6),
    ("440203", "武江区", 4, 6),
]
STREETS = {
    "50": ["观音桥", "解放碑", "两路", "南坪", "三峡广场", "石门", "龙溪", "弹子石", "磁器口"],
    "44": ["新韶", "风采", "东河", "车站", "乐园", "犁市", "西河", "重阳"],
}
# username, display name, organisation, kind, district code, credit-code serial
ACCOUNTS = [
    ("cq_unit", "北城天街小区业委会经办人", "重庆市江北区北城天街小区业主委员会",
     OrganisationKind.USER_UNIT, "500105", 1),
    ("cq_property", "渝锦物业经办人", "重庆渝锦物业服务有限公司", OrganisationKind.PROPERTY,
     "500105", 2),
    ("sg_unit", "武江花园业委会经办人", "韶关市武江区武江花园小区业主委员会",
     OrganisationKind.USER_UNIT, "440203", 3),
]  # fmt: skip
SG_PROPERTY = "韶关市安居物业服务有限公司"  # the Shaoguan demo's property company (sg_property)
PAYEES = ["重庆江北电梯维保有限公司", "重庆山城电梯工程有限公司", "韶关粤北电梯维修有限公司"]
COMMENTS = ["理赔及时，维修到位", "查勘较快，希望简化报案材料", "服务态度好", "赔付周期偏长", ""]
SPEED = [1.0, 1.4, 0.8, 2.0, 1.2]  # each insurer's pace, so their figures differ


def _uscc(region: str, serial: int) -> str:
    body = f"91{region}MA{serial:07d}"[:17]
    return body + check_character(body)


def _csv(kind: str, rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADERS[kind], *rows])
    return out.getvalue().encode("utf-8")


def _at(moment: datetime) -> str:
    return clock.to_local(moment).strftime("%Y-%m-%d %H:%M")


def load_register_demo() -> list[tuple[str, str, str]]:
    """Load the register's demo data and its accounts; return (username, role, password) of each."""
    created = _accounts()
    insurers = list(
        db.session.scalars(
            sa.select(Insurer).where(Insurer.status == InsurerStatus.APPROVED).order_by(Insurer.id)
        )
    )
    if not insurers:
        return created
    pick = random.Random(16)  # noqa: S311  # demo data, not secrets
    units = _units()
    elevators = _elevator_rows(units, pick)
    operations.apply_file("elevators", "demo-elevators.csv", _csv("elevators", elevators))
    policies, covered = _policy_rows(units, elevators, insurers, pick)
    operations.apply_file("policies", "demo-policies.csv", _csv("policies", policies))
    operations.apply_file("claims", "demo-claims.csv", _csv("claims", _claim_rows(covered, pick)))
    surveys = _survey_rows(elevators, covered, insurers, pick)
    operations.apply_file("surveys", "demo-surveys.csv", _csv("surveys", surveys))
    db.session.flush()
    return created


def _accounts() -> list[tuple[str, str, str]]:
    districts = {d.code: d for d in db.session.scalars(sa.select(District))}
    created = []
    for username, name, organisation, kind, code, serial in ACCOUNTS:
        office = Organisation(
            name=organisation, kind=kind, district=districts[code],
            uscc=_uscc(code[:2] + "0000", serial),
        )  # fmt: skip
        db.session.add(office)
        password = "Tb-" + secrets.token_urlsafe(9)
        accounts.create_account(
            role=Role.COMMUNITY, username=username, display_name=name, password=password,
            email=f"{username}@demo.tibao.invalid", organisation=office,
        )  # fmt: skip
        created.append((username, Role.COMMUNITY.value, password))
    shaoguan = db.session.scalars(sa.select(Organisation).where(Organisation.name == SG_PROPERTY))
    for office in shaoguan:
        office.uscc = office.uscc or _uscc("440000", 4)
    db.session.flush()
    return created


def _units() -> list[tuple[str, str, str, int]]:
    """(name, credit code, district code, elevators) of each user unit; the demo accounts' own
    organisations first in their districts."""
    own = {
        code: [(o.name, o.uscc) for o in db.session.scalars(sa.select(Organisation).where(
            Organisation.uscc.is_not(None), Organisation.name.in_(
                [a[2] for a in ACCOUNTS if a[4] == code] + [SG_PROPERTY] * (code == "440204")
            )))]
        for code, *_rest in DISTRICTS
    }  # fmt: skip
    units = []
    for index, (code, name, count, per_unit) in enumerate(DISTRICTS):
        for n in range(count):
            if n < len(own[code]):
                unit, uscc = own[code][n]
            else:
                streets = STREETS[code[:2]]
                street = streets[(index + n) % len(streets)]
                unit = f"{name}{street}{n + 1}号小区业主委员会"
                uscc = _uscc(code[:2] + "0000", 1000 + index * 100 + n)
            units.append((unit, str(uscc), code, per_unit))
    return units


def _elevator_rows(units: list[tuple[str, str, str, int]], pick: random.Random) -> list[list[str]]:
    rows = []
    for serial, (unit, uscc, code, count) in enumerate(units):
        community = unit.removesuffix("业主委员会")
        if community == unit:  # a property company: the community it manages
            community = f"{unit[:2]}锦苑{serial % 3 + 1}期"
        for n in range(count):
            since = date(1998, 1, 1) + timedelta(days=pick.randrange(9000))
            rows.append([
                f"{code}{serial:03d}{n:02d}", f"3110{code}{serial:03d}{n:04d}", unit, uscc, code,
                community, f"{community}{n // 2 + 1}栋{n % 2 + 1}单元", since.isoformat(),
                str(pick.randint(6, 33)), str(pick.randint(40, 260)),
                "保障性住房" if serial % 4 == 0 else "单一产权",
            ])  # fmt: skip
    return rows


def _policy_rows(
    units: list[tuple[str, str, str, int]], elevators: list[list[str]], insurers: list[Insurer],
    pick: random.Random,
) -> tuple[list[list[str]], list[tuple[str, str, date, date, int]]]:  # fmt: skip
    """Last year's and this year's policy of each unit (one number for its elevators); every fifth
    unit changed insurer this year (已接续). Returns the rows and (policy, elevator, starts, ends,
    insurer index) of each."""
    year = clock.to_local(clock.now()).year
    sources = [
        "物业专项维修资金",
        "自筹",
        "小区公共收益",
        "专项维修资金增值收益",
        "政府财政支持",
        "捐赠",
    ]
    rows, covered = [], []
    for serial, (_unit, _uscc, code, _count) in enumerate(units):
        first = serial % len(insurers)
        premium = str(pick.choice((1800, 2000, 2200, 2400, 2600)))
        source = "专项维修资金增值收益" if code.startswith("44") else sources[serial % 5]
        for held, status in ((year - 1, "已承保"), (year, "已续保")):
            insurer = first if held < year or serial % 5 else (first + 1) % len(insurers)
            status = "已接续" if insurer != first else status
            number = f"PDEL{held}{code}{serial:03d}"
            starts, ends = date(held, 1, 1), date(held, 12, 31)
            for elevator in (e[0] for e in elevators if e[3] == units[serial][1]):
                rows.append([number, insurers[insurer].uscc, elevator, "电梯综合保险",
                             "渝金监备〔2024〕17号", premium, source, starts.isoformat(),
                             ends.isoformat(), status])  # fmt: skip
                covered.append((number, elevator, starts, ends, insurer))
    return rows, covered


def _claim_rows(
    covered: list[tuple[str, str, date, date, int]], pick: random.Random
) -> list[list[str]]:
    """About one claim a year for every four elevators over the last 365 days; the latest ones
    not yet paid (or assessed, or surveyed)."""
    now = clock.now().replace(second=0, microsecond=0)
    rows = []
    for n in range(len(covered) // 8):
        reported = now - timedelta(minutes=pick.randrange(2 * 60, 365 * 24 * 60))
        day = clock.to_local(reported).date()
        options = [c for c in covered if c[2] <= day <= c[3]]
        policy, elevator, _starts, _ends, insurer = pick.choice(options)
        pace = SPEED[insurer % len(SPEED)]
        surveyed = reported + timedelta(hours=pick.uniform(0.5, 20) * pace)
        assessed = surveyed + timedelta(hours=pick.uniform(4, 60) * pace)
        paid = assessed + timedelta(hours=pick.uniform(24, 240) * pace)
        steps = [moment if moment < now else None for moment in (surveyed, assessed, paid)]
        if None in steps:
            steps = [s if i < steps.index(None) else None for i, s in enumerate(steps)]
        rows.append([
            f"CLM{day:%Y%m%d}{n:04d}", policy, elevator,
            _at(reported - timedelta(minutes=pick.randint(10, 300))), _at(reported),
            *[_at(s) if s else "" for s in steps],
            str(pick.randint(8, 300) * 100) if steps[2] else "", pick.choice(PAYEES),
        ])  # fmt: skip
    return rows


def _survey_rows(
    elevators: list[list[str]], covered: list[tuple[str, str, date, date, int]],
    insurers: list[Insurer], pick: random.Random,
) -> list[list[str]]:  # fmt: skip
    """Each unit rates each insurer that covered it, once or twice in the last year."""
    today = clock.to_local(clock.now()).date()
    unit_of = {row[0]: row[3] for row in elevators}
    pairs = sorted({(unit_of[elevator], insurer) for _p, elevator, _s, _e, insurer in covered})
    rows = []
    for serial, (uscc, insurer) in enumerate(pairs):
        for days in (300, 120)[: 1 + serial % 2]:
            rated = today - timedelta(days=days + pick.randrange(20))
            rows.append([uscc, insurers[insurer].uscc, rated.isoformat(),
                         str(pick.randint(68, 100)), pick.choice(COMMENTS)])  # fmt: skip
    return rows
