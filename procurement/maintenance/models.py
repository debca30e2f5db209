"""Maintenance companies, evaluation periods, their data, imports and publications."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import Insurer, Role, User
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.organisations.models import Organisation, oversees, same_office


class MaintenanceCompany(Model):
    """A maintenance company (电梯维保单位) in the registry; records name it by its credit code."""

    __tablename__ = "maintenance_companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(sa.String(18), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    licence_no: Mapped[str] = mapped_column(sa.String(60), default="")
    licence_expires_on: Mapped[date | None] = mapped_column(sa.Date)
    districts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # the first maintenance work in the city: the track record's years in the city
    in_city_since: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), unique=True
    )

    organisation: Mapped[Organisation | None] = relationship()


class PeriodStatus(enum.StrEnum):
    DRAFT = "draft"  # data and template may change
    PUBLISHED = "published"  # immutable
    CORRECTING = "correcting"  # a correction is being prepared; the published result stays public


class EvaluationPeriod(Model):
    __tablename__ = "maintenance_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)  # in URLs: 2025, 2025-Q4
    name: Mapped[str] = mapped_column(sa.String(100))  # 2025年度
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    template: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    status: Mapped[PeriodStatus] = mapped_column(
        enum_type(PeriodStatus), default=PeriodStatus.DRAFT
    )
    correction_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    # The office that owns the period and publishes its results.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def months(self) -> int:
        return (
            (self.ends_on.year - self.starts_on.year) * 12
            + self.ends_on.month
            - self.starts_on.month
            + 1
        )

    @property
    def editable(self) -> bool:
        return self.status != PeriodStatus.PUBLISHED

    # Permissions, as for tenders: the owning office's officers manage; supervisors read.

    def can_manage(self, user: User) -> bool:
        return (
            user.is_authenticated
            and user.role is Role.OFFICER
            and same_office(user, self.organisation_id)
        )

    def can_supervise(self, user: User) -> bool:
        return (
            user.is_authenticated
            and user.role is Role.SUPERVISOR
            and oversees(user, self.organisation)
        )


class CompanyData(Model):
    """A company's indicator values for a period, with where each came from and the data behind them."""

    __tablename__ = "maintenance_company_data"
    __table_args__ = (sa.UniqueConstraint("period_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("maintenance_periods.id"), index=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("maintenance_companies.id"))
    # indicator id → value given in a company-level file (1/0 for yes/no, lists for checklists)
    reported: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # indicator id → value aggregated from elevator records; with the totals behind it
    aggregated: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    record_totals: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    elevators: Mapped[int] = mapped_column(default=0)
    record_districts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    vetoes: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)  # veto id → detail
    # district → the record totals of the company's elevators there (credibility.py's references)
    district_totals: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # the elevator numbers of the records: the share kept from the previous period (业绩)
    elevator_nos: Mapped[list[str]] = deferred(mapped_column(sa.JSON, default=list))

    company: Mapped[MaintenanceCompany] = relationship()

    def values(self) -> dict[str, Any]:
        """The values scored: a company-level value wins over an aggregated one."""
        return {**self.aggregated, **{k: v for k, v in self.reported.items() if v is not None}}


class ImportKind(enum.StrEnum):
    RECORDS = "records"  # elevator-level records
    INDICATORS = "indicators"  # company-level indicator values and veto items
    COMPANIES = "companies"  # the company registry
    SPOT_CHECKS = "spot_checks"  # an insurer's spot checks (period_id None; created_by the insurer)


class ImportStatus(enum.StrEnum):
    PENDING = "pending"  # checked, waiting for the officer's confirmation
    APPLIED = "applied"
    DISCARDED = "discarded"


class DataImport(Model):
    """An uploaded file, kept until it is applied or discarded (the app keeps nothing on local disk)."""

    __tablename__ = "maintenance_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("maintenance_periods.id"), index=True
    )
    kind: Mapped[ImportKind] = mapped_column(enum_type(ImportKind))
    filename: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    rows: Mapped[int] = mapped_column(default=0)
    companies: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[list[Any]]] = deferred(mapped_column(sa.JSON, default=list))
    preview: Mapped[list[dict[str, Any]]] = deferred(mapped_column(sa.JSON, default=list))
    status: Mapped[ImportStatus] = mapped_column(
        enum_type(ImportStatus), default=ImportStatus.PENDING
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    period: Mapped[EvaluationPeriod | None] = relationship()
    created_by: Mapped[User | None] = relationship()


class Publication(Model):
    """A period's published result. Never changed: a correction is a new publication that replaces it."""

    __tablename__ = "maintenance_publications"
    __table_args__ = (sa.UniqueConstraint("period_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("maintenance_periods.id"), index=True)
    number: Mapped[int]  # 1 for the first publication, 2 for the first correction…
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("maintenance_publications.id"))
    reason: Mapped[str | None] = mapped_column(sa.Text)  # why it corrects the one it replaces
    template: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    grade_counts: Mapped[dict[str, int]] = mapped_column(sa.JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # the downloads, made on first request and kept: a publication never changes
    pdf: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    xlsx: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))

    period: Mapped[EvaluationPeriod] = relationship()
    replaces: Mapped[Publication | None] = relationship(remote_side=[id])


class CompanyResult(Model):
    """One company's published line: a copy, so later registry edits do not change what was published."""

    __tablename__ = "maintenance_results"
    __table_args__ = (sa.UniqueConstraint("publication_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        sa.ForeignKey("maintenance_publications.id"), index=True
    )
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("maintenance_companies.id"), index=True)
    uscc: Mapped[str] = mapped_column(sa.String(18))
    name: Mapped[str] = mapped_column(sa.String(200))
    districts: Mapped[list[str]] = mapped_column(sa.JSON)
    elevators: Mapped[int]
    total: Mapped[float]
    grade: Mapped[str] = mapped_column(sa.String(4))
    rank: Mapped[int | None]
    values: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    points: Mapped[dict[str, float]] = mapped_column(sa.JSON)
    missing: Mapped[list[str]] = mapped_column(sa.JSON)
    vetoes: Mapped[list[str]] = mapped_column(sa.JSON)
    record_totals: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # indicator → how its rate was made fair (credibility.weigh): own, reference, exposure, k, Z…
    credibility: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    publication: Mapped[Publication] = relationship()


class SpotCheck(Model):
    """An insurer's spot check of one elevator's maintenance (保险机构维保质量抽查): the period whose
    dates hold `checked_on` takes it into 保险机构抽查合格率 when its template says so."""

    __tablename__ = "maintenance_spot_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"), index=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("maintenance_companies.id"), index=True)
    elevator_no: Mapped[str] = mapped_column(sa.String(64))
    checked_on: Mapped[date] = mapped_column(sa.Date, index=True)
    items: Mapped[str] = mapped_column(sa.Text)  # the items checked, in words
    passed: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    company: Mapped[MaintenanceCompany] = relationship()
    insurer: Mapped[Insurer] = relationship()
    photos: Mapped[list[SpotCheckPhoto]] = relationship(
        back_populates="spot_check", order_by="SpotCheckPhoto.id"
    )

    def can_read(self, user: Any) -> bool:
        """The insurer that made it, and the officers."""
        from procurement.accounts.models import Role

        if not user.is_authenticated:
            return False
        return user.role is Role.OFFICER or (
            user.role is Role.INSURER and user.insurer_id == self.insurer_id
        )


class SpotCheckPhoto(Model):
    """A photo attached to a spot check, kept in the database like every other upload."""

    __tablename__ = "maintenance_spot_check_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    spot_check_id: Mapped[int] = mapped_column(
        sa.ForeignKey("maintenance_spot_checks.id"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    mimetype: Mapped[str] = mapped_column(sa.String(40))
    data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))

    spot_check: Mapped[SpotCheck] = relationship(back_populates="photos")
