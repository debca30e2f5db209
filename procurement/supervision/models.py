"""A supervisor's note on a tender or a maintenance period, and the owning office's answer."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procurement.accounts.models import Role, User
from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model
from procurement.maintenance.models import EvaluationPeriod
from procurement.organisations.models import Organisation, same_office
from procurement.tenders.models import Tender


class SupervisionNote(Model):
    """Left by a supervisor (监督意见) on one tender or one period; the owning office answers it."""

    __tablename__ = "supervision_notes"
    __table_args__ = (
        sa.CheckConstraint("(tender_id IS NULL) <> (period_id IS NULL)", name="one_object"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("maintenance_periods.id"), index=True
    )
    # The office that must answer (the object's owner when the note was left).
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    author_organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tender: Mapped[Tender | None] = relationship()
    period: Mapped[EvaluationPeriod | None] = relationship()
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    author_organisation: Mapped[Organisation] = relationship(foreign_keys=[author_organisation_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def subject(self) -> Tender | EvaluationPeriod:
        subject = self.tender or self.period
        if subject is None:  # the check constraint forbids it
            raise LookupError(f"supervision note {self.id} names no object")
        return subject

    @property
    def subject_label(self) -> str:
        """The tender's reference or the period's name."""
        return self.tender.reference if self.tender else self.subject.name  # type: ignore[union-attr]

    def can_answer(self, user: User) -> bool:
        """An officer of the office the note was left with, once."""
        return (
            self.answered_at is None
            and user.is_authenticated
            and user.role is Role.OFFICER
            and same_office(user, self.organisation_id)
        )

    def can_read(self, user: User) -> bool:
        """The owning office's officers and the supervisors who may read the object."""
        if user.is_authenticated and user.role is Role.OFFICER:
            return same_office(user, self.organisation_id)
        return self.subject.can_supervise(user)
