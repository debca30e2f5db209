"""Communities, elevators, policies with the elevators they cover, claims and satisfaction ratings."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from procurement.accounts.models import Insurer
from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.organisations.models import District, Organisation


class Ownership(enum.StrEnum):
    SINGLE = "single"  # 单一产权
    PUBLIC_HOUSING = "public_housing"  # 保障性住房
    COMMERCIAL = "commercial"  # 商品住宅
    OTHER = "other"  # 其他


OWNERSHIP_NAMES = {
    "单一产权": Ownership.SINGLE,
    "保障性住房": Ownership.PUBLIC_HOUSING,
    "商品住宅": Ownership.COMMERCIAL,
    "其他": Ownership.OTHER,
}


class PremiumSource(enum.StrEnum):
    """The six premium sources of 附件1, in the notice's order."""

    SELF_FUNDED = "self_funded"  # 自筹
    MAINTENANCE_FUND = "maintenance_fund"  # 物业专项维修资金
    FUND_RETURNS = "fund_returns"  # 专项维修资金增值收益
    COMMON_INCOME = "common_income"  # 小区公共收益
    DONATION = "donation"  # 捐赠
    GOVERNMENT = "government"  # 政府财政支持


SOURCE_NAMES = {
    "自筹": PremiumSource.SELF_FUNDED,
    "物业专项维修资金": PremiumSource.MAINTENANCE_FUND,
    "专项维修资金增值收益": PremiumSource.FUND_RETURNS,
    "小区公共收益": PremiumSource.COMMON_INCOME,
    "捐赠": PremiumSource.DONATION,
    "政府财政支持": PremiumSource.GOVERNMENT,
}


class PolicyStatus(enum.StrEnum):
    ISSUED = "issued"  # 已承保
    RENEWED = "renewed"  # 已续保
    CONTINUED = "continued"  # 已接续
    SURRENDERED = "surrendered"  # 已赎回
    LAPSED = "lapsed"  # 已失效


STATUS_NAMES = {
    "已承保": PolicyStatus.ISSUED,
    "已续保": PolicyStatus.RENEWED,
    "已接续": PolicyStatus.CONTINUED,
    "已赎回": PolicyStatus.SURRENDERED,
    "已失效": PolicyStatus.LAPSED,
}


class Community(Model):
    """A residential community (小区) of a district."""

    __tablename__ = "register_communities"
    __table_args__ = (sa.UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"))
    name: Mapped[str] = mapped_column(sa.String(200))


class Elevator(Model):
    """An elevator in use, with its user unit (使用单位) and district."""

    __tablename__ = "register_elevators"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)  # 电梯编号
    registration_code: Mapped[str] = mapped_column(sa.String(40))  # 注册代码
    user_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("register_communities.id"))
    address: Mapped[str] = mapped_column(sa.String(300))
    in_service_on: Mapped[date] = mapped_column(sa.Date)  # 投用日期
    stops: Mapped[int] = mapped_column()  # 层站数
    residents: Mapped[int] = mapped_column()  # 服务居民人数
    ownership: Mapped[Ownership] = mapped_column(enum_type(Ownership))
    # 维保单位: an organisation of kind maintenance (the evaluation's registry creates one per company)
    maintainer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)

    user_unit: Mapped[Organisation] = relationship(foreign_keys=[user_unit_id])
    maintainer: Mapped[Organisation | None] = relationship(foreign_keys=[maintainer_id])
    district: Mapped[District] = relationship()
    community: Mapped[Community | None] = relationship()

    def age_on(self, day: date) -> int:
        """Whole years from 投用日期 to `day`."""
        years = day.year - self.in_service_on.year
        before = (day.month, day.day) < (self.in_service_on.month, self.in_service_on.day)
        return max(years - before, 0)


class Policy(Model):
    """One policy number covering one elevator (a policy of several elevators is several rows
    sharing its number): the unit the annexes count and the overlap check works on."""

    __tablename__ = "register_policies"
    __table_args__ = (sa.UniqueConstraint("number", "elevator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(60), index=True)  # 保单号
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"), index=True)
    elevator_id: Mapped[int] = mapped_column(sa.ForeignKey("register_elevators.id"), index=True)
    product: Mapped[str] = mapped_column(sa.String(200))  # 产品名称
    approval_no: Mapped[str] = mapped_column(sa.String(100))  # 条款费率批准或备案号
    premium: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))  # 单台保费（元/年）
    source: Mapped[PremiumSource] = mapped_column(enum_type(PremiumSource, length=20))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[PolicyStatus] = mapped_column(enum_type(PolicyStatus))

    insurer: Mapped[Insurer] = relationship()
    elevator: Mapped[Elevator] = relationship()


class Claim(Model):
    """A claim on a policy for one elevator; times are stored in UTC."""

    __tablename__ = "register_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(60), unique=True)  # 赔案号
    policy_id: Mapped[int] = mapped_column(sa.ForeignKey("register_policies.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)  # 出险时间
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)  # 报案时间
    surveyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # 查勘时间
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # 定损时间
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # 支付时间
    amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))  # 赔付金额（元）
    payee: Mapped[str] = mapped_column(sa.String(200), default="")  # 收款单位

    policy: Mapped[Policy] = relationship()

    @property
    def status(self) -> str:
        """reported, surveyed, assessed or paid: the furthest step with a time."""
        for step, moment in (
            ("paid", self.paid_at),
            ("assessed", self.assessed_at),
            ("surveyed", self.surveyed_at),
        ):
            if moment is not None:
                return step
        return "reported"


class Survey(Model):
    """A user unit's rating (0–100) of an insurer's service on a day."""

    __tablename__ = "register_surveys"
    __table_args__ = (sa.UniqueConstraint("user_unit_id", "insurer_id", "rated_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    insurer_id: Mapped[int] = mapped_column(sa.ForeignKey("insurers.id"), index=True)
    rated_on: Mapped[date] = mapped_column(sa.Date)  # 测评日期
    score: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2))  # 满意度（%）
    comments: Mapped[str] = mapped_column(sa.Text, default="")  # 意见建议
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    user_unit: Mapped[Organisation] = relationship()
    insurer: Mapped[Insurer] = relationship()


class RegisterUpload(Model):
    """A file an insurer's staff (policies, claims) or a user unit's account (elevators) uploaded,
    checked by a job ("register_check"), kept for confirmation, imported by a job
    ("register_import") or discarded."""

    __tablename__ = "register_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # policies, claims or elevators
    insurer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("insurers.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    rows: Mapped[int] = mapped_column(default=0)
    preview: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # checking, then pending (clean) or refused (row errors); importing, then applied or refused;
    # discarded. The file is kept until it is applied, refused or discarded.
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    # what the check or import found: {"rows": n, "errors": [{row, column, value, reason}],
    # "problem": text} or {"added": n, "changed": n}
    outcome: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    def visible_to(self, user: Any) -> bool:
        """Only the uploading insurer's staff, or the uploading unit's accounts, see an upload."""
        if self.unit_id is not None:
            return getattr(user, "organisation_id", None) == self.unit_id
        return self.insurer_id is not None and getattr(user, "insurer_id", None) == self.insurer_id


class ReportSubmission(Model):
    """A district's annual report as submitted: 附件1 and 附件2 frozen as JSON with their SHA-256.
    Never changed; a correction is the next version, with its reason."""

    __tablename__ = "register_reports"
    __table_args__ = (sa.UniqueConstraint("district_id", "year", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    year: Mapped[int] = mapped_column()
    version: Mapped[int] = mapped_column()
    annexes: Mapped[dict[str, Any]] = deferred(
        mapped_column(sa.JSON, nullable=False)
    )  # {"1": rows, "2": rows}
    sha256: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)

    district: Mapped[District] = relationship()
    organisation: Mapped[Organisation] = relationship()


class Correction(Model):
    """A district office's correction of one register row (an elevator, a policy row or a claim):
    the fields changed, old → new, and the reason. Also audited (`register.correct`)."""

    __tablename__ = "register_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # elevator, policy, claim
    row_id: Mapped[int] = mapped_column()
    label: Mapped[str] = mapped_column(sa.String(120))  # the row's number(s), as shown
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # field → [old, new], as text
    reason: Mapped[str] = mapped_column(sa.Text)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    corrected_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
