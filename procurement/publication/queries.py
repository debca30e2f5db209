"""Reads of the publication."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from procurement.publication.models import Notice


def next_clock_change(now: datetime) -> sa.Select[tuple[datetime | None, datetime | None]]:
    """The next end of a notice and of an objection period: the public pages change then by the
    clock alone (the page cache's expiry source, registered by the blueprint)."""

    def next_of(column: Any) -> Any:
        return sa.func.min(sa.case((column > now, column)))

    return sa.select(next_of(Notice.notice_ends_at), next_of(Notice.objections_close_at))
