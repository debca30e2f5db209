"""A final offer's sealed form: the price and the price-bearing fields, sealed in the browser by
static/seal.js exactly like a bid (to the tender's key, with its own associated data), and read at
the opening by this form's rules, so that the server's validation is the one rule.

The price-bearing fields are what the criteria price: the price (元/台·年), the rate table by
elevator age, and the annual limit and deductible the premium is priced against. The other fields
of the bid stand as opened.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import NumberRange, Optional

from procurement.bids.fields import AGE_BANDS, ENTERED_BY_KEY
from procurement.bids.forms import rate_field
from procurement.fields import BoundedDecimalField
from procurement.keyholders import envelope
from procurement.tenders.models import Tender

PRICED_FIELDS = ("annual_limit", "deductible")


class FinalOfferForm(FlaskForm):
    price = BoundedDecimalField(
        _l("Final price (yuan per elevator per year)"),
        places=2,
        validators=[Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("1000000"))],
    )

    def content(self) -> dict[str, Any]:
        fields = {
            key: float(value)
            for key in PRICED_FIELDS
            if (value := getattr(self, key).data) is not None
        }
        rates = {
            band: str(value.quantize(Decimal("0.01")))
            for band, _label in AGE_BANDS
            if (value := getattr(self, rate_field(band)).data) is not None
        }
        price = self.price.data
        return {
            "price": str(price.quantize(Decimal("0.01"))) if price is not None else None,
            "fields": fields,
            "rate_table": rates,
        }


for _band, _band_label in AGE_BANDS:
    setattr(
        FinalOfferForm,
        rate_field(_band),
        BoundedDecimalField(
            _l("Premium for elevators aged %(band)s (yuan per year)", band=_band_label),
            places=2,
            validators=[Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("1000000"))],
        ),
    )
for _key in PRICED_FIELDS:
    _spec = ENTERED_BY_KEY[_key]
    setattr(
        FinalOfferForm,
        _key,
        BoundedDecimalField(
            # The bid form's label with its unit, translated when shown.
            LazyString(lambda spec=_spec: f"{spec.label}（{spec.unit}）"),
            places=None,
            validators=[Optional(), NumberRange(min=_spec.minimum, max=_spec.maximum)],
        ),
    )


def names() -> list[str]:
    """Every field of the final offer; all are required, all are numbers."""
    return ["price"] + [rate_field(band) for band, _label in AGE_BANDS] + list(PRICED_FIELDS)


def form_values(content: dict[str, Any]) -> dict[str, str]:
    values = {"price": str(content["price"])}
    values.update({rate_field(b): str(v) for b, v in content.get("rate_table", {}).items()})
    values.update({k: str(v) for k, v in content.get("fields", {}).items()})
    return values


def seal_offer(public_key: bytes, context: str, content: dict[str, Any]) -> bytes:
    """What seal.js posts for a final offer whose form holds `content` (the Python twin)."""
    plaintext = json.dumps({"form": form_values(content)}, ensure_ascii=False).encode()
    return envelope.seal(public_key, plaintext, context)


def read(plaintext: bytes, tender: Tender) -> tuple[dict[str, Any] | None, str | None]:
    """(content, problem) of a decrypted final offer: problem None, "malformed", "incomplete" or
    "above_ceiling"."""
    try:
        posted = json.loads(plaintext)["form"]
        pairs = [(str(name), str(value)) for name, value in posted.items()]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, "malformed"
    form = FinalOfferForm(formdata=MultiDict(pairs), meta={"csrf": False})
    if not form.validate():
        return None, "malformed"
    content = form.content()
    if any(not str(posted.get(name) or "").strip() for name in names()):
        return content, "incomplete"
    if Decimal(content["price"]) > tender.ceiling_price:
        return content, "above_ceiling"
    return content, None
