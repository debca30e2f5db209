"""A job: one piece of slow work, by kind and subject, with the state the web shows."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from procurement.db import UTCDateTime, enum_type, now_default
from procurement.extensions import Model


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Model):
    """One job per `key` (its kind and subject, e.g. "notice_pdf:12"): asking again for the same
    work does not do it twice. `revision` counts the times its subject changed; a worker that
    finishes an older revision keeps nothing (the newer run stores the result)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    subject_id: Mapped[int]
    # who may retry it when it failed (the officer whose action asked for it); none: the admins
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    state: Mapped[JobState] = mapped_column(enum_type(JobState), default=JobState.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # 0–100
    revision: Mapped[int] = mapped_column(default=1)
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[str | None] = mapped_column(sa.String(300))  # what was stored, in words
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def can_retry(self, user: Any) -> bool:
        """The owner retries a failed job (an administrator too: the owner may have left)."""
        if self.state is not JobState.FAILED or not getattr(user, "is_authenticated", False):
            return False
        from procurement.accounts.models import Role

        return bool(user.id == self.owner_id or user.role is Role.ADMIN)
