"""Tenders in words for the templates: the state the public sees, amended fields and values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from procurement import clock
from procurement.i18n import local_time
from procurement.labels import PublicState, label
from procurement.rulesets.catalogue import places
from procurement.tenders.forms import METHOD_LABELS, ROUTE_LABELS, AmendmentForm
from procurement.tenders.models import Tender, TenderStatus


def tender_state(tender: Tender) -> tuple[str, str]:
    """(css class, label) of a tender's state as the public sees it now."""
    state: TenderStatus | PublicState = tender.status
    if tender.status is TenderStatus.PUBLISHED:
        state = PublicState.OPEN if tender.accepts_bids(clock.now()) else PublicState.CLOSED
    return state.value, label(state)


def change_label(field: str) -> str:
    """The label of an amended field, as its form names it."""
    form = AmendmentForm(formdata=None, meta={"csrf": False})
    item = getattr(form, field, None)
    return str(item.label.text) if item is not None else field


def change_value(field: str, value: Any) -> str:
    """An amended value as the public reads it."""
    if field in {"submission_deadline", "opening_time"} and value:
        return local_time(datetime.fromisoformat(value))
    if field == "method":
        return str(METHOD_LABELS.get(value, value))
    if field == "route":
        return str(ROUTE_LABELS.get(value, value))
    if field == "jurisdiction":
        return places().get(value, value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
