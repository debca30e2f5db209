"""Users, roles and insurer companies."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model
from procurement.organisations.models import Organisation


class Role(enum.StrEnum):
    """What a user account may do; one role per account."""

    ADMIN = "admin"
    OFFICER = "officer"  # 采购人/代理机构经办人
    MEMBER = "member"  # 评标委员会成员
    INSURER = "insurer"  # 投标人 (保险机构)
    # 监管人员 (市场监管、金融监管、上级住建): reads and leaves notes, changes nothing
    SUPERVISOR = "supervisor"
    COMMUNITY = "community"  # 使用单位、物业、业委会经办人: their elevators, ratings and proposals


class InsurerStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    insurer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("insurers.id"))
    # The office, agency or company the account acts for (committee members, drawn from the
    # expert pool, and platform administrators may have none).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    # What the session and the remember-me cookie name instead of the id; a new one (on signing
    # out or changing the password) ends every session of the account.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )

    insurer: Mapped[Insurer | None] = relationship(
        back_populates="users", foreign_keys=[insurer_id]
    )
    # Loaded with the account: every page's header names it, even after a view (the audit
    # verification) has cleared the session.
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive accounts
        return self.active

    def get_id(self) -> str:  # Flask-Login keeps this in the session and the remember-me cookie
        return self.session_token

    def renew_session_token(self) -> None:
        self.session_token = new_session_token()

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def can_bid(self) -> bool:
        """Only users of an approved insurer company may draft and submit bids."""
        return (
            self.active
            and self.role is Role.INSURER
            and self.insurer is not None
            and self.insurer.status is InsurerStatus.APPROVED
        )

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class Insurer(Model):
    """An insurance company (branch) registered to bid; approved by an administrator."""

    __tablename__ = "insurers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    uscc: Mapped[str] = mapped_column(sa.String(18), unique=True)  # 统一社会信用代码
    licence_number: Mapped[str] = mapped_column(sa.String(64))  # 经营保险业务许可证编号
    contact_name: Mapped[str] = mapped_column(sa.String(100))
    contact_phone: Mapped[str] = mapped_column(sa.String(32))
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    status: Mapped[InsurerStatus] = mapped_column(
        enum_type(InsurerStatus), default=InsurerStatus.PENDING
    )
    review_reason: Mapped[str | None] = mapped_column(sa.Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # use_alter: users and insurers refer to each other, so this key is added after both tables.
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", use_alter=True))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), unique=True
    )

    organisation: Mapped[Organisation | None] = relationship()
    users: Mapped[list[User]] = relationship(
        back_populates="insurer", foreign_keys=[User.insurer_id]
    )
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    def __repr__(self) -> str:
        return f"<Insurer {self.uscc} {self.status}>"
