"""The one clock of the application: every "now" comes from here, so tests can move time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

_travelled_to: datetime | None = None


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return _travelled_to or datetime.now(UTC)


@contextmanager
def travel_to(moment: datetime) -> Iterator[None]:
    """Run operations as if at `moment` (the demo data uses it to build a history); not for requests."""
    global _travelled_to
    previous, _travelled_to = _travelled_to, moment
    try:
        yield
    finally:
        _travelled_to = previous


def to_local(moment: datetime) -> datetime:
    """A stored UTC time as shown to users (Asia/Shanghai)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE)
