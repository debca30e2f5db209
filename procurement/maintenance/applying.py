"""Writing a checked import file into the registry or a period's data (called by
`operations.apply_file`, after every row has passed its checks)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from procurement.extensions import db
from procurement.maintenance import sheets
from procurement.maintenance.models import CompanyData, EvaluationPeriod, MaintenanceCompany
from procurement.maintenance.records import INDICATORS
from procurement.organisations.models import OrganisationKind
from procurement.organisations.operations import organisations_for


def apply_registry(rows: list[sheets.RegistryRow]) -> None:
    existing = {c.uscc: c for c in db.session.scalars(sa.select(MaintenanceCompany))}
    organisations = organisations_for(
        OrganisationKind.MAINTENANCE, {row.uscc: row.name for row in rows}
    )
    for row in rows:
        company = existing.get(row.uscc)
        if company is None:
            company = MaintenanceCompany(uscc=row.uscc)
            db.session.add(company)
        company.organisation = organisations[row.uscc]
        company.name = row.name
        company.licence_no = row.licence_no
        company.licence_expires_on = row.licence_expires_on
        company.districts = row.districts
        if row.in_city_since is not None:
            company.in_city_since = row.in_city_since


def _data_rows(period: EvaluationPeriod) -> dict[int, CompanyData]:
    return {
        d.company_id: d
        for d in db.session.scalars(
            sa.select(CompanyData).where(CompanyData.period_id == period.id)
        )
    }


def apply_indicators(
    period: EvaluationPeriod, rows: list[sheets.CompanyRow], ids: dict[str, int]
) -> None:
    """Each row replaces that company's reported values and veto items; other companies keep theirs."""
    existing = _data_rows(period)
    for row in rows:
        company_id = ids[row.uscc]
        data = existing.get(company_id)
        if data is None:
            data = CompanyData(
                period_id=period.id,
                company_id=company_id,
                aggregated={},
                record_totals={},
                record_districts=[],
                district_totals={},
                elevators=0,
            )
            db.session.add(data)
        data.reported = row.reported
        data.vetoes = row.vetoes


def apply_records(
    period: EvaluationPeriod, aggregates: dict[str, dict[str, Any]], ids: dict[str, int]
) -> None:
    """The file replaces every record-derived value of the period: importing it twice changes nothing."""
    existing = _data_rows(period)
    touched = set()
    for code, figures in aggregates.items():
        company_id = ids[code]
        data = existing.get(company_id)
        if data is None:
            data = CompanyData(period_id=period.id, company_id=company_id, reported={}, vetoes={},
                               district_totals={})  # fmt: skip
            db.session.add(data)
        data.aggregated = {k: figures[k] for k in INDICATORS if figures[k] is not None}
        data.record_totals = figures["totals"]
        data.elevators = figures["elevators"]
        data.record_districts = figures["districts"]
        data.district_totals = figures["district_totals"]
        data.elevator_nos = figures["elevator_nos"]
        touched.add(company_id)
    for company_id, data in existing.items():
        if company_id not in touched:
            data.aggregated, data.record_totals, data.elevators = {}, {}, 0
            data.record_districts, data.district_totals, data.elevator_nos = [], {}, []
