"""A bid's sealed form: what the insurer's browser encrypts, and how the opening reads it back.

The browser (static/seal.js) encrypts `{"form": {field name: value or [values]}}` — the bid form's
fields exactly as entered — to the tender's public key. The opening decrypts it and reads it with the
same form class the page showed, so the server's validation is the one rule; then it checks
completeness and the ceiling price again, since the browser's checks can be bypassed.
`seal_content` is the Python twin of the browser, for seed-demo and the tests.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from procurement.bids.fields import AGE_BANDS, ENTERED
from procurement.bids.forms import BidForm, rate_field
from procurement.keyholders import envelope
from procurement.tenders.models import Tender


def context(tender_id: int, insurer_id: int) -> str:
    """The associated data of a bid's ciphertext: it opens only as this insurer's bid on this tender."""
    return f"tibao:bid:tender:{tender_id}:insurer:{insurer_id}"


def attachment_context(tender_id: int, insurer_id: int) -> str:
    return context(tender_id, insurer_id) + ":attachment"


def required_names() -> list[str]:
    """The form fields a submission must fill (checklists may stay empty)."""
    names = ["price"] + [spec.key for spec in ENTERED if spec.kind != "checklist"]
    return names + [rate_field(band) for band, _label in AGE_BANDS]


def numeric_names() -> list[str]:
    names = ["price"] + [spec.key for spec in ENTERED if spec.kind in ("number", "integer")]
    return names + [rate_field(band) for band, _label in AGE_BANDS]


def form_values(content: dict[str, Any]) -> dict[str, Any]:
    """The form fields as the browser would send them for `content` (the shape of `BidForm.content`)."""
    values: dict[str, Any] = {}
    if content.get("price") is not None:
        values["price"] = str(content["price"])
    fields = content.get("fields", {})
    for spec in ENTERED:
        value = fields.get(spec.key)
        if spec.kind == "checklist":
            values[spec.key] = list(value or [])
        elif value is not None:
            values[spec.key] = str(value)
    for band, _label in AGE_BANDS:
        if band in content.get("rate_table", {}):
            values[rate_field(band)] = str(content["rate_table"][band])
    return values


def seal_content(
    public_key: bytes, tender_id: int, insurer_id: int, content: dict[str, Any]
) -> bytes:
    """What seal.js posts for a bid whose form holds `content` (the Python twin)."""
    plaintext = json.dumps({"form": form_values(content)}, ensure_ascii=False).encode()
    return envelope.seal(public_key, plaintext, context(tender_id, insurer_id))


def read(plaintext: bytes, tender: Tender) -> tuple[dict[str, Any] | None, str | None, list[str]]:
    """(content, problem, details) of a decrypted bid: problem is None for a valid bid, else one of
    "malformed" (details: the fields at fault), "incomplete" (the missing fields), "above_ceiling"."""
    try:
        posted = json.loads(plaintext)["form"]
        pairs = [
            (name, str(item))
            for name, value in posted.items()
            for item in (value if isinstance(value, list) else [value])
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, "malformed", []
    form = BidForm(formdata=MultiDict(pairs), meta={"csrf": False})
    if not form.validate():
        return None, "malformed", sorted(form.errors)
    content = form.content()
    missing = [name for name in required_names() if not str(posted.get(name) or "").strip()]
    if missing:
        return content, "incomplete", missing
    if Decimal(content["price"]) > tender.ceiling_price:
        return content, "above_ceiling", []
    return content, None, []
