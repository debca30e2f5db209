"""Reads of the register: the lookups the imports check against, and who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm

from procurement.accounts.models import Insurer
from procurement.extensions import db
from procurement.maintenance import queries as maintenance
from procurement.maintenance.models import MaintenanceCompany
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.register.models import (
    Claim,
    Community,
    Elevator,
    Policy,
    PolicyStatus,
    Survey,
)

UNIT_KINDS = frozenset({OrganisationKind.USER_UNIT, OrganisationKind.PROPERTY})


def districts_by_code_and_name() -> dict[str, int]:
    """Every loaded division by its code and, when the name is unique, by its name."""
    found: dict[str, int] = {}
    names: dict[str, list[int]] = {}
    for district_id, code, name in db.session.execute(
        sa.select(District.id, District.code, District.name)
    ):
        found[code] = district_id
        names.setdefault(name, []).append(district_id)
    found.update({name: ids[0] for name, ids in names.items() if len(ids) == 1})
    return found


def user_units() -> dict[str, int]:
    """User units by credit code: user units, and property companies (often the 使用单位 of the
    elevators they manage); a user unit wins when both hold a code."""
    rows = db.session.execute(
        sa.select(Organisation.uscc, Organisation.id)
        .where(Organisation.kind.in_(UNIT_KINDS), Organisation.uscc.is_not(None))
        .order_by(Organisation.kind != OrganisationKind.USER_UNIT, Organisation.id)
    )
    found: dict[str, int] = {}
    for code, unit in rows:
        if code:
            found.setdefault(code, unit)
    return found


def maintainers() -> dict[str, int]:
    """Maintenance companies' organisations by credit code (registering a company in the
    evaluation's registry creates its organisation)."""
    rows = db.session.execute(
        sa.select(Organisation.uscc, Organisation.id).where(
            Organisation.kind == OrganisationKind.MAINTENANCE, Organisation.uscc.is_not(None)
        )
    )
    return {code: organisation for code, organisation in rows if code}


def insurers() -> dict[str, int]:
    """Registered insurers by credit code."""
    return dict(db.session.execute(sa.select(Insurer.uscc, Insurer.id)).all())


def communities() -> dict[tuple[int, str], int]:
    return {
        (district_id, name): community_id
        for community_id, district_id, name in db.session.execute(
            sa.select(Community.id, Community.district_id, Community.name)
        )
    }


ELEVATOR_FIELDS = (
    "registration_code",
    "user_unit_id",
    "district_id",
    "community_id",
    "address",
    "in_service_on",
    "stops",
    "residents",
    "ownership",
    "maintainer_id",  # last: a file without the 维保单位 columns keeps what the register has
)
POLICY_FIELDS = (
    "insurer_id",
    "product",
    "approval_no",
    "premium",
    "source",
    "starts_on",
    "ends_on",
    "status",
)
CLAIM_FIELDS = (
    "policy_id",
    "occurred_at",
    "reported_at",
    "surveyed_at",
    "assessed_at",
    "paid_at",
    "amount",
    "payee",
)


def _core(statement: sa.Select[Any]) -> Any:
    """Rows of a statement over plain columns read without the ORM's row loading (a third of the
    time of reading 300,000 elevators), in the session's transaction."""
    return db.session.connection().execute(statement)


def elevators(unit_id: int | None = None) -> dict[str, tuple[Any, ...]]:
    """Every elevator (or one user unit's) by number: (id, *ELEVATOR_FIELDS)."""
    table = Elevator.__table__
    columns = [table.c[name] for name in ("number", "id", *ELEVATOR_FIELDS)]
    statement = sa.select(*columns)
    if unit_id is not None:
        statement = statement.where(table.c.user_unit_id == unit_id)
    return {row[0]: tuple(row[1:]) for row in _core(statement)}


def elevator_owners() -> dict[str, int]:
    """Every elevator's user unit by the elevator's number."""
    table = Elevator.__table__
    return dict(_core(sa.select(table.c.number, table.c.user_unit_id)).all())


def elevator_ids() -> dict[str, int]:
    return dict(db.session.execute(sa.select(Elevator.number, Elevator.id)).all())


def policies() -> dict[tuple[str, int], tuple[Any, ...]]:
    """Every policy row by (number, elevator id): (id, *POLICY_FIELDS)."""
    columns = [getattr(Policy, name) for name in POLICY_FIELDS]
    return {
        (row[0], row[1]): tuple(row[2:])
        for row in db.session.execute(
            sa.select(Policy.number, Policy.elevator_id, Policy.id, *columns)
        )
    }


def policy_terms() -> dict[int, list[tuple[str, date, date]]]:
    """Per elevator id, its policies as (number, starts, ends)."""
    terms: dict[int, list[tuple[str, date, date]]] = {}
    for elevator_id, number, starts, ends in db.session.execute(
        sa.select(Policy.elevator_id, Policy.number, Policy.starts_on, Policy.ends_on)
    ):
        terms.setdefault(elevator_id, []).append((number, starts, ends))
    return terms


def claims() -> dict[str, tuple[Any, ...]]:
    columns = [getattr(Claim, name) for name in CLAIM_FIELDS]
    return {
        row[0]: tuple(row[1:])
        for row in db.session.execute(sa.select(Claim.number, Claim.id, *columns))
    }


def surveys() -> dict[tuple[int, int, date], tuple[Any, ...]]:
    return {
        (unit, insurer, rated_on): (survey_id, score, comments)
        for survey_id, unit, insurer, rated_on, score, comments in db.session.execute(
            sa.select(
                Survey.id,
                Survey.user_unit_id,
                Survey.insurer_id,
                Survey.rated_on,
                Survey.score,
                Survey.comments,
            )
        )
    }


LIST_LIMIT = 500  # rows an insurer's page lists; the annexes and exports hold them all


def insurer_policies(insurer_id: int) -> list[Policy]:
    """An insurer's own policy rows, newest first, with their elevators."""
    return list(
        db.session.scalars(
            sa.select(Policy)
            .where(Policy.insurer_id == insurer_id)
            .options(sa.orm.joinedload(Policy.elevator))
            .order_by(Policy.starts_on.desc(), Policy.number, Policy.id)
            .limit(LIST_LIMIT)
        )
    )


def insurer_claims(insurer_id: int) -> list[Claim]:
    """The claims on an insurer's own policies, latest report first."""
    return list(
        db.session.scalars(
            sa.select(Claim)
            .join(Claim.policy)
            .where(Policy.insurer_id == insurer_id)
            .options(sa.orm.joinedload(Claim.policy).joinedload(Policy.elevator))
            .order_by(Claim.reported_at.desc(), Claim.number)
            .limit(LIST_LIMIT)
        )
    )


def insurer_counts(insurer_id: int) -> tuple[int, int]:
    """(policy rows, claims) of an insurer."""
    policies = db.session.scalar(
        sa.select(sa.func.count()).select_from(Policy).where(Policy.insurer_id == insurer_id)
    )
    claims = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Claim)
        .join(Claim.policy)
        .where(Policy.insurer_id == insurer_id)
    )
    return policies or 0, claims or 0


ENDED = (PolicyStatus.SURRENDERED, PolicyStatus.LAPSED)


@dataclass(frozen=True)
class Maintainer:
    """A maintenance company of an insurer's insured elevators, with its latest published result."""

    name: str
    uscc: str | None
    elevators: int
    result: Any = None  # (EvaluationPeriod, CompanyResult) or None


def insurer_maintainers(insurer_id: int, today: date) -> tuple[list[Maintainer], int]:
    """The maintenance companies of the elevators an insurer's policies in force on `today` cover
    (started, not ended, neither surrendered nor lapsed), most elevators first; and how many of
    those elevators have no maintenance company in the register."""
    insured = (
        sa.select(Policy.elevator_id)
        .where(Policy.insurer_id == insurer_id, Policy.starts_on <= today)
        .where(Policy.ends_on >= today, Policy.status.not_in(ENDED))
    )
    rows = db.session.execute(
        sa.select(Elevator.maintainer_id, sa.func.count(Elevator.id))
        .where(Elevator.id.in_(insured))
        .group_by(Elevator.maintainer_id)
    ).all()
    counts = {maintainer: n for maintainer, n in rows if maintainer is not None}
    unknown = sum(n for maintainer, n in rows if maintainer is None)
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(counts))
    ).all()
    companies = dict(
        db.session.execute(
            sa.select(MaintenanceCompany.organisation_id, MaintenanceCompany.id).where(
                MaintenanceCompany.organisation_id.in_(counts)
            )
        ).all()
    )
    results = maintenance.latest_results(list(companies.values()))
    found = [
        Maintainer(o.name, o.uscc, counts[o.id], results.get(companies.get(o.id, 0)))
        for o in organisations
    ]
    return sorted(found, key=lambda m: (-m.elevators, m.name)), unknown


DISTRICT_OFFICES = frozenset({OrganisationKind.DISTRICT_HOUSING, OrganisationKind.DISTRICT_MARKET})


def office_district(user: Any) -> District | None:
    """The district whose register an account's office reads: an active district 住建 or 市场监管
    office with a district; None for every other account (their pages are a 404)."""
    office = getattr(user, "organisation", None) if user.is_authenticated else None
    if office is None or not office.active or office.kind not in DISTRICT_OFFICES:
        return None
    district: District | None = office.district
    return district


def community_unit(user: Any) -> Organisation | None:
    """The user unit (or property company) a community account acts for; None otherwise."""
    unit = getattr(user, "organisation", None) if user.is_authenticated else None
    if unit is None or not unit.active or unit.kind not in UNIT_KINDS:
        return None
    found: Organisation = unit
    return found


def unit_elevators(unit_id: int) -> list[Elevator]:
    return list(
        db.session.scalars(
            sa.select(Elevator)
            .where(Elevator.user_unit_id == unit_id)
            .order_by(Elevator.number)
            .limit(LIST_LIMIT)
        )
    )


def unit_insurers(unit_id: int) -> list[tuple[int, str]]:
    """The insurers with a policy on one of the unit's elevators: those it may rate."""
    return [
        (insurer_id, name)
        for insurer_id, name in db.session.execute(
            sa.select(Insurer.id, Insurer.name)
            .where(
                Insurer.id.in_(
                    sa.select(Policy.insurer_id)
                    .join(Policy.elevator)
                    .where(Elevator.user_unit_id == unit_id)
                )
            )
            .order_by(Insurer.name)
        )
    ]


def unit_surveys(unit_id: int) -> list[Survey]:
    return list(
        db.session.scalars(
            sa.select(Survey)
            .where(Survey.user_unit_id == unit_id)
            .options(sa.orm.joinedload(Survey.insurer))
            .order_by(Survey.rated_on.desc(), Survey.id.desc())
            .limit(LIST_LIMIT)
        )
    )


def city_office_district(user: Any) -> District | None:
    """The city a city 市场监管 office's account oversees (the regulator the districts report to)."""
    office = getattr(user, "organisation", None) if user.is_authenticated else None
    if office is None or not office.active or office.kind != OrganisationKind.CITY_MARKET:
        return None
    district: District | None = office.district
    return district


def districts_under(city: District) -> list[District]:
    return list(
        db.session.scalars(
            sa.select(District).where(District.parent_id == city.id).order_by(District.code)
        )
    )
