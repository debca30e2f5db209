"""The bid form, built from the field catalogue (procurement.bids.fields), and the upload form."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)

# SelectChoice is new in WTForms 3.2; the types-WTForms stubs do not have it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, NumberRange, Optional

from procurement.bids.fields import AGE_BANDS, ENTERED
from procurement.fields import BoundedDecimalField, BoundedIntegerField


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _label(spec: Any) -> Any:
    """The label with its unit, translated when shown (not when this module is imported)."""
    if not spec.unit:
        return spec.label
    return LazyString(lambda: f"{spec.label}（{spec.unit}）")


def _field(spec: Any) -> Field:
    label = _label(spec)
    if spec.kind == "checklist":
        return MultiCheckboxField(
            label,
            choices=[SelectChoice(key, text) for key, text in spec.items],
            validators=[Optional()],
        )
    if spec.kind == "choice":
        return SelectField(label, choices=[SelectChoice(key, text) for key, text in spec.items])
    if spec.kind == "text":
        return TextAreaField(
            label, validators=[Optional(), Length(max=2000)], description=spec.hint
        )
    bounds = NumberRange(min=spec.minimum, max=spec.maximum)
    if spec.kind == "integer":
        return BoundedIntegerField(label, validators=[Optional(), bounds])
    return BoundedDecimalField(label, places=None, validators=[Optional(), bounds])


class BidForm(FlaskForm):
    price = BoundedDecimalField(
        _l("Price (yuan per elevator per year)"),
        places=2,
        validators=[Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("1000000"))],
    )

    def content(self) -> dict[str, Any]:
        """The bid's content as entered (incomplete for a draft), JSON-safe."""
        fields: dict[str, Any] = {}
        for spec in ENTERED:
            value = getattr(self, spec.key).data
            if value in (None, "") or (spec.kind == "checklist" and value is None):
                continue
            if isinstance(value, Decimal):
                value = float(value)
            fields[spec.key] = value
        rates = {}
        for band, _label in AGE_BANDS:
            value = getattr(self, rate_field(band)).data
            if value is not None:
                rates[band] = str(value.quantize(Decimal("0.01")))
        price = self.price.data
        return {
            "price": str(price.quantize(Decimal("0.01"))) if price is not None else None,
            "fields": fields,
            "rate_table": rates,
        }


def rate_field(band: str) -> str:
    return "rate_" + band.replace("-", "_").replace("+", "_plus")


for _spec in ENTERED:
    setattr(BidForm, _spec.key, _field(_spec))
for _band, _band_label in AGE_BANDS:
    setattr(
        BidForm,
        rate_field(_band),
        BoundedDecimalField(
            _l("Premium for elevators aged %(band)s (yuan per year)", band=_band_label),
            places=2,
            validators=[Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("1000000"))],
        ),
    )


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("PDF attachment"),
        validators=[FileRequired(_l("Choose a PDF file."))],
        description=_l("PDF only, checked by its content; at most 20 MB."),
    )


class WithdrawForm(FlaskForm):
    """A confirmed POST."""


class SealedBidForm(FlaskForm):
    """What the bid page posts: the bid as seal.js sealed it (base64), and the CSRF token."""

    sealed_content = HiddenField()

    def sealed(self) -> bytes:
        try:
            return base64.b64decode(self.sealed_content.data or "", validate=True)
        except ValueError:
            return b""
