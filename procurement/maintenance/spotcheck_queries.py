"""The officer's reads of the insurers' spot checks: those of a period (their day within its dates,
the ones its template may score), filtered by company, insurer, result and day."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm

from procurement.accounts.models import Insurer
from procurement.extensions import db
from procurement.maintenance.models import EvaluationPeriod, MaintenanceCompany, SpotCheck


def _of(period: EvaluationPeriod) -> sa.Select[SpotCheck]:
    return sa.select(SpotCheck).where(
        SpotCheck.checked_on >= period.starts_on, SpotCheck.checked_on <= period.ends_on
    )


def period_spot_checks(
    period: EvaluationPeriod,
    company: int | None = None,
    insurer: int | None = None,
    passed: bool | None = None,
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[SpotCheck]:
    """A period's spot checks, latest first, with their companies, insurers and photos."""
    query = _of(period)
    if company is not None:
        query = query.where(SpotCheck.company_id == company)
    if insurer is not None:
        query = query.where(SpotCheck.insurer_id == insurer)
    if passed is not None:
        query = query.where(SpotCheck.passed.is_(passed))
    if since is not None:
        query = query.where(SpotCheck.checked_on >= since)
    if until is not None:
        query = query.where(SpotCheck.checked_on <= until)
    return query.options(
        sa.orm.joinedload(SpotCheck.company),
        sa.orm.joinedload(SpotCheck.insurer),
        sa.orm.selectinload(SpotCheck.photos),
    ).order_by(SpotCheck.checked_on.desc(), SpotCheck.id.desc())


def filter_choices(period: EvaluationPeriod) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The companies and the insurers with a spot check in the period, by name."""
    ids = _of(period).with_only_columns(SpotCheck.company_id, SpotCheck.insurer_id).subquery()
    companies = db.session.execute(
        sa.select(MaintenanceCompany.id, MaintenanceCompany.name)
        .where(MaintenanceCompany.id.in_(sa.select(ids.c.company_id)))
        .order_by(MaintenanceCompany.name)
    ).all()
    insurers = db.session.execute(
        sa.select(Insurer.id, Insurer.name)
        .where(Insurer.id.in_(sa.select(ids.c.insurer_id)))
        .order_by(Insurer.name)
    ).all()
    return [(i, n) for i, n in companies], [(i, n) for i, n in insurers]


def period_spot_check(period: EvaluationPeriod, check_id: int) -> SpotCheck | None:
    """One spot check of the period; None for a spot check outside its dates."""
    return db.session.scalar(_of(period).where(SpotCheck.id == check_id))
