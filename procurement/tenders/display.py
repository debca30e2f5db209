"""Tenders in words for the templates: the state the public sees, amended fields and values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from procurement import clock
from procurement.i18n import local_time
from procurement.tenders.forms import METHOD_LABELS, ROUTE_LABELS, AmendmentForm
from procurement.tenders.models import Tender, TenderStatus


def tender_state(tender: Tender) -> tuple[str, str]:
    """(css class, label) of a tender's state as the public sees it now."""
    now = clock.now()
    if tender.status is TenderStatus.PUBLISHED:
        if tender.accepts_bids(now):
            return "open", _("Open for bids")
        return "closed", _("Closed, awaiting opening")
    return tender.status.value, {
        TenderStatus.DRAFT: _("Draft"),
        TenderStatus.OPENED: _("Opened"),
        TenderStatus.EVALUATED: _("Evaluated"),
        TenderStatus.PUBLICISED: _("Candidates under notice"),
        TenderStatus.AWARDED: _("Awarded"),
        TenderStatus.FAILED: _("Failed"),
        TenderStatus.CANCELLED: _("Cancelled"),
    }[tender.status]


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
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
