"""What a bidder entered, in words: the evidence shown beside every judgement of an opened bid.

`evidence_rows(content, section)` turns a bid's opened content into labelled rows for one group of
the bid form (procurement.bids.fields.SECTIONS): the label and the unit in words, never a raw key.
The evaluation pages, the comparison view and the report read the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l

from procurement.bids.fields import AGE_BANDS, ENTERED_BY_KEY, SECTIONS_BY_KEY


@dataclass(frozen=True)
class Row:
    """One entered value: its label, its text, its unit; a checklist lists every item, ticked or not."""

    label: Any
    text: str = ""
    unit: Any = ""
    items: tuple[tuple[Any, bool], ...] = ()


def _number(value: Any) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _text(value: Any) -> str:
    return "—" if value in (None, "", []) else _number(value)


def evidence_rows(content: dict[str, Any] | None, section: str) -> list[Row]:
    """The rows of one section of a bid's opened content (none for the attachments section)."""
    content = content or {}
    if section == "price":
        rates = content.get("rate_table", {})
        return [
            Row(_l("Bid price"), _text(content.get("price")), _l("yuan per elevator per year")),
            *(
                Row(
                    _l("Premium for elevators aged %(band)s", band=label),
                    _text(rates.get(band)),
                    _l("yuan per year"),
                )
                for band, label in AGE_BANDS
            ),
        ]
    fields = content.get("fields", {})
    rows = []
    for key in SECTIONS_BY_KEY[section].fields:
        spec = ENTERED_BY_KEY[key]
        value = fields.get(key)
        if spec.kind == "checklist":
            chosen = set(value or [])
            rows.append(
                Row(spec.label, items=tuple((text, item in chosen) for item, text in spec.items))
            )
        elif spec.kind == "choice":
            rows.append(Row(spec.label, str(dict(spec.items).get(value, "—"))))
        elif spec.kind == "text":
            lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
            rows.append(Row(spec.label, "\n".join(lines) or "—"))
        else:
            rows.append(Row(spec.label, _text(value), spec.unit))
    return rows
