"""The register's one blueprint; views.py and insurer_views.py add their pages to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint

from procurement.i18n import local_time
from procurement.labels import label
from procurement.register.models import Ownership, PolicyStatus, PremiumSource

bp = Blueprint("register", __name__)

ENUMS = {"source": PremiumSource, "status": PolicyStatus, "ownership": Ownership}


def register_cell(key: str, value: Any) -> str:
    """A cell of an upload's preview (kept as JSON): states in words, blanks as a dash."""
    if value is None or value == "":
        return "—"
    if key in ENUMS:
        return label(ENUMS[key](value))
    if key.endswith("_at"):  # a UTC time, shown in Beijing time
        return local_time(datetime.fromisoformat(str(value)))
    return str(value)


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {"register_cell": register_cell}
