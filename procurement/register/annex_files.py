"""The annexes' files rendered by a worker (issue 19): a submitted version's four frozen files
(附件1/附件2, XLSX/PDF), rendered once after its submission; and a download of the live figures an
office asked for, rendered for it alone and kept a day."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from procurement.db import UTCDateTime, now_default
from procurement.extensions import Model


class AnnexFile(Model):
    """One annex as a file. With `report_id`: a submitted version's (never changed once rendered);
    without: an office's download of the live figures (`requested_by_id`), its job keyed on this
    row. `data` is empty until its job has rendered it."""

    __tablename__ = "register_annex_files"
    __table_args__ = (sa.UniqueConstraint("report_id", "number", "fmt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("register_reports.id"), index=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"))
    year: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()  # 1 or 2
    fmt: Mapped[str] = mapped_column(sa.String(4))  # xlsx or pdf
    office: Mapped[str] = mapped_column(sa.String(200))  # 填报单位 as written on the file
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_default)
    data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
