"""The district office's correction forms, one per kind of register row; the fields carry the
import files' column titles, as the register's tables do."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, SelectField, StringField, TextAreaField

# SelectChoice is new in WTForms 3.2; the types-WTForms stubs do not have it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from procurement.clock import LOCAL_ZONE, to_local
from procurement.fields import BoundedDecimalField, BoundedIntegerField
from procurement.register.models import (
    OWNERSHIP_NAMES,
    SOURCE_NAMES,
    STATUS_NAMES,
    Ownership,
    PolicyStatus,
    PremiumSource,
)
from procurement.register.rows import CLAIM_HEADERS, ELEVATOR_HEADERS, POLICY_HEADERS

TIME = "%Y-%m-%dT%H:%M"
TIMES = ("occurred_at", "reported_at", "surveyed_at", "assessed_at", "paid_at")


def _choices(names: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value.value, name) for name, value in names.items()]


def _reason() -> TextAreaField:
    return TextAreaField(
        _l("Reason for the correction"), validators=[DataRequired(), Length(max=2000)]
    )


class ElevatorCorrectionForm(FlaskForm):
    registration_code = StringField(ELEVATOR_HEADERS[1], [DataRequired(), Length(max=40)])
    address = StringField(ELEVATOR_HEADERS[6], [DataRequired(), Length(max=300)])
    in_service_on = DateField(ELEVATOR_HEADERS[7], [InputRequired()])
    stops = BoundedIntegerField(ELEVATOR_HEADERS[8], [InputRequired(), NumberRange(1, 500)])
    residents = BoundedIntegerField(ELEVATOR_HEADERS[9], [InputRequired(), NumberRange(0, 100_000)])
    ownership = SelectField(ELEVATOR_HEADERS[10], choices=_choices(OWNERSHIP_NAMES))
    reason = _reason()


class PolicyCorrectionForm(FlaskForm):
    product = StringField(POLICY_HEADERS[3], [DataRequired(), Length(max=200)])
    approval_no = StringField(POLICY_HEADERS[4], [DataRequired(), Length(max=100)])
    premium = BoundedDecimalField(
        POLICY_HEADERS[5], [InputRequired(), NumberRange(0, 10_000_000)], max_digits=12
    )
    source = SelectField(POLICY_HEADERS[6], choices=_choices(SOURCE_NAMES))
    starts_on = DateField(POLICY_HEADERS[7], [InputRequired()])
    ends_on = DateField(POLICY_HEADERS[8], [InputRequired()])
    status = SelectField(POLICY_HEADERS[9], choices=_choices(STATUS_NAMES))
    reason = _reason()


class ClaimCorrectionForm(FlaskForm):
    occurred_at = DateTimeLocalField(CLAIM_HEADERS[3], [InputRequired()], format=TIME)
    reported_at = DateTimeLocalField(CLAIM_HEADERS[4], [InputRequired()], format=TIME)
    surveyed_at = DateTimeLocalField(CLAIM_HEADERS[5], [Optional()], format=TIME)
    assessed_at = DateTimeLocalField(CLAIM_HEADERS[6], [Optional()], format=TIME)
    paid_at = DateTimeLocalField(CLAIM_HEADERS[7], [Optional()], format=TIME)
    amount = BoundedDecimalField(
        CLAIM_HEADERS[8], [Optional(), NumberRange(0, 1_000_000_000)], max_digits=14
    )
    payee = StringField(CLAIM_HEADERS[9], [Length(max=200)])
    reason = _reason()


class NumberCorrectionForm(FlaskForm):
    """A row's key (电梯编号, 保单号 or 赔案号): its label is set by the view."""

    number = StringField(_l("New number"), [DataRequired(), Length(max=60)])
    reason = TextAreaField(
        _l("Reason for the new number"), validators=[DataRequired(), Length(max=2000)]
    )


class DeletionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the deletion"), validators=[DataRequired(), Length(max=2000)]
    )


class UnitCorrectionForm(FlaskForm):
    unit = StringField(
        _l("New user unit (name or unified social credit code)"), [DataRequired(), Length(max=200)]
    )
    reason = TextAreaField(
        _l("Reason for the new user unit"), validators=[DataRequired(), Length(max=2000)]
    )


class InsurerCorrectionForm(FlaskForm):
    insurer = StringField(
        _l("New insurer's unified social credit code"), [DataRequired(), Length(max=18)]
    )
    reason = TextAreaField(
        _l("Reason for the new insurer"), validators=[DataRequired(), Length(max=2000)]
    )


def party_forms(kind: str) -> dict[str, Any]:
    """An elevator's user unit form or a policy row's insurer form, each with its own prefix."""
    if kind == "elevator":
        return {"unit_form": UnitCorrectionForm(prefix="unit")}
    if kind == "policy":
        return {"insurer_form": InsurerCorrectionForm(prefix="insurer")}
    return {}


def key_forms(title: str, row: Any) -> tuple[NumberCorrectionForm, DeletionForm]:
    """The key's form (the number field titled as its column, filled with the row's) and the
    deletion's form; each posts to its own address, with its own prefix."""
    number = NumberCorrectionForm(prefix="key", data={"number": row.number})
    number.number.label.text = title
    return number, DeletionForm(prefix="delete")


FORMS: dict[str, Any] = {
    "elevator": ElevatorCorrectionForm,
    "policy": PolicyCorrectionForm,
    "claim": ClaimCorrectionForm,
}


def form_for(kind: str, row: Any, posted: bool = True) -> Any:
    """The kind's form, filled from the row (times in Beijing time) unless posted (`posted`
    False: the row's values even when another form of the page was posted)."""
    form = FORMS[kind](obj=row) if posted else FORMS[kind](formdata=None, obj=row)
    if not posted or not form.is_submitted():
        for name in TIMES if kind == "claim" else ():
            moment = getattr(row, name)
            form[name].data = to_local(moment).replace(tzinfo=None) if moment else None
        for name in ("ownership", "source", "status"):
            if name in form:
                form[name].data = getattr(row, name).value
    return form


def values_of(kind: str, form: Any) -> dict[str, Any]:
    """The posted values as the model holds them: times in UTC."""
    values = {name: field.data for name, field in form._fields.items() if name not in
              {"reason", "csrf_token"}}  # fmt: skip
    for name in TIMES if kind == "claim" else ():
        local = values[name]
        values[name] = local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC) if local else None
    if kind == "claim":
        values["payee"] = values["payee"] or ""
    for name, enum in (
        ("ownership", Ownership),
        ("source", PremiumSource),
        ("status", PolicyStatus),
    ):
        if name in values:
            values[name] = enum(values[name])
    return values
