"""Administrative divisions (GB/T 2260) and the organisations of a city."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model


class DistrictLevel(enum.StrEnum):
    PROVINCE = "province"  # 省、自治区、直辖市 (重庆市 is one)
    CITY = "city"  # 地级市 (韶关市)
    DISTRICT = "district"  # 区、县、县级市


class District(Model):
    """An administrative division with its six-digit code; a city's divisions point at it."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(6), unique=True)
    name: Mapped[str] = mapped_column(sa.String(50), index=True)
    level: Mapped[DistrictLevel] = mapped_column(enum_type(DistrictLevel))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"), index=True)

    parent: Mapped[District | None] = relationship(remote_side=[id])

    def covers(self, other: District | None) -> bool:
        """A division covers itself and the divisions below it."""
        while other is not None:
            if other.id == self.id:
                return True
            other = other.parent
        return False

    def __repr__(self) -> str:
        return f"<District {self.code} {self.name}>"


class OrganisationKind(enum.StrEnum):
    CITY_HOUSING = "city_housing"  # 市住房和城乡建设局
    DISTRICT_HOUSING = "district_housing"  # 区县住房和城乡建设委员会/局
    CITY_MARKET = "city_market"  # 市市场监督管理局
    DISTRICT_MARKET = "district_market"  # 区县市场监督管理局
    FINANCIAL = "financial"  # 国家金融监督管理总局 分局
    AGENCY = "agency"  # 采购代理机构
    INSURER = "insurer"  # 保险机构
    MAINTENANCE = "maintenance"  # 电梯维保单位
    PROPERTY = "property"  # 物业服务企业
    OWNERS_COMMITTEE = "owners_committee"  # 业主委员会
    USER_UNIT = "user_unit"  # 电梯使用单位


# The kinds whose accounts supervise: they read within their jurisdiction and change nothing
# (DESIGN.md: 市场监管 / 金融监管 / higher 住建).
SUPERVISING_KINDS = frozenset(
    {
        OrganisationKind.CITY_MARKET,
        OrganisationKind.DISTRICT_MARKET,
        OrganisationKind.FINANCIAL,
        OrganisationKind.CITY_HOUSING,
    }
)
# The kinds whose officers buy: they own tenders and maintenance periods.
BUYING_KINDS = frozenset(
    {
        OrganisationKind.CITY_HOUSING,
        OrganisationKind.DISTRICT_HOUSING,
        OrganisationKind.CITY_MARKET,
        OrganisationKind.DISTRICT_MARKET,
        OrganisationKind.AGENCY,
    }
)


class Organisation(Model):
    """An office, agency or company; staff accounts, tenders and periods belong to one."""

    __tablename__ = "organisations"
    # A property company may also be the user unit of its elevators: a credit code is unique per kind.
    __table_args__ = (sa.UniqueConstraint("kind", "uscc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, length=20))
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    uscc: Mapped[str | None] = mapped_column(sa.String(18))  # 统一社会信用代码
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    district: Mapped[District | None] = relationship()

    @property
    def supervises(self) -> bool:
        return self.kind in SUPERVISING_KINDS

    def __repr__(self) -> str:
        return f"<Organisation {self.kind} {self.name}>"


def same_office(user: Any, organisation_id: int | None) -> bool:
    """The signed-in account belongs to the organisation that owns a tender or period; an
    account without an organisation owns nothing."""
    return bool(
        user.is_authenticated
        and organisation_id is not None
        and user.organisation_id == organisation_id
    )


def oversees(user: Any, owner: Organisation | None) -> bool:
    """The account's organisation supervises and its jurisdiction covers the owner's district."""
    office = user.organisation if user.is_authenticated else None
    return bool(
        office is not None
        and office.supervises
        and office.active
        and office.district is not None
        and owner is not None
        and office.district.covers(owner.district)
    )
