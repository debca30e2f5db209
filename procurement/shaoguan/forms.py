"""Forms of the Shaoguan programme."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+; its stubs lag
from wtforms.validators import DataRequired, Length, Optional

from procurement.fields import BoundedDecimalField, BoundedIntegerField

MIN_MONEY, MAX_MONEY = Decimal("0.01"), Decimal("99999999999")


def _money(label: Any, validators: list[Any], **kwargs: Any) -> BoundedDecimalField:
    return BoundedDecimalField(label, validators, places=2, min=MIN_MONEY, max=MAX_MONEY, **kwargs)


class IncomeForm(FlaskForm):
    year = BoundedIntegerField(_l("Year of the income"), [DataRequired()], min=2000, max=2100)
    amount = BoundedDecimalField(
        _l("Amount (yuan)"), [DataRequired()], places=2, min=MIN_MONEY, max=MAX_MONEY
    )
    statement = FileField(_l("Custodian bank's statement (PDF)"), description=_l("At most 20 MB."))
    memo = StringField(_l("Note"), [Length(max=500)])


class AllocationForm(FlaskForm):
    community = SelectField(_l("Community"), coerce=int, validators=[DataRequired()])
    amount = BoundedDecimalField(
        _l("Amount (yuan)"), [DataRequired()], places=2, min=MIN_MONEY, max=MAX_MONEY
    )
    memo = StringField(_l("Note"), [Length(max=500)])


class ReversalForm(FlaskForm):
    memo = StringField(_l("Reason for the correction"), [DataRequired(), Length(max=500)])


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), [DataRequired(), Length(max=200)])
    document = FileField(_l("Document (PDF)"), description=_l("At most 20 MB."))


class PartiesForm(FlaskForm):
    property_id = SelectField(_l("Property company"), coerce=int)
    committee_id = SelectField(_l("Owners' committee"), coerce=int)


class EvidenceForm(FlaskForm):
    condition = SelectField(_l("Condition"), validators=[DataRequired()])
    text = TextAreaField(_l("Evidence"), [DataRequired(), Length(max=5000)])
    file = FileField(_l("Supporting file (PDF, optional)"))


class ProposalForm(FlaskForm):
    elevator_ids = SelectMultipleField(_l("Elevators covered"), coerce=int)
    insurer_id = SelectField(_l("Insurer"), coerce=int, validators=[DataRequired()])
    product = StringField(_l("Insurance product"), [DataRequired(), Length(max=200)])
    approval_no = StringField(
        _l("Clause and rate approval or filing number"), [DataRequired(), Length(max=100)]
    )
    premium = BoundedDecimalField(
        _l("Premium per elevator per year (yuan)"),
        [DataRequired()],
        places=2,
        min=MIN_MONEY,
        max=MAX_MONEY,
    )
    amount = BoundedDecimalField(
        _l("Amount paid from the income (yuan)"), [Optional()], places=2, min=MIN_MONEY, max=MAX_MONEY,
        description=_l("Leave empty to pay the whole premium from the income."),
    )  # fmt: skip
    starts_on = DateField(_l("Policy starts on"), [DataRequired()])
    ends_on = DateField(_l("Policy ends on"), [DataRequired()])

    def values(self) -> dict[str, Any]:
        return {name: self[name].data for name in (
            "elevator_ids", "insurer_id", "product", "approval_no", "premium", "amount",
            "starts_on", "ends_on")}  # fmt: skip


class ClauseForm(FlaskForm):
    clause = StringField(_l("Clause"), [DataRequired(), Length(max=200)])
    finding = TextAreaField(_l("Finding"), [DataRequired(), Length(max=5000)])


class ObjectionForm(FlaskForm):
    building = StringField(_l("Building"), [DataRequired(), Length(max=40)])
    unit = StringField(lazy_pgettext("address", "Unit"), [DataRequired(), Length(max=40)])
    room = StringField(_l("Room"), [DataRequired(), Length(max=40)])
    reason = TextAreaField(
        _l("Reason for the objection"), [DataRequired(), Length(max=5000)],
        description=_l("Published without your name and phone."),
    )  # fmt: skip
    name = StringField(_l("Your name"), [DataRequired(), Length(max=100)])
    phone = StringField(
        _l("Phone"), [DataRequired(), Length(max=40)],
        description=_l("Kept private to the housing bureau, never published."),
    )  # fmt: skip


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), [DataRequired(), Length(max=5000)])
    withdrawn = BooleanField(_l("The owner withdrew the objection after this answer"))


class OutcomeForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice("withdrawn", _l("The proposal is withdrawn")),
            SelectChoice("amended", _l("The proposal is amended and noticed again")),
            SelectChoice("vote_for", _l("Put to the owners' vote: carried")),
            SelectChoice("vote_against", _l("Put to the owners' vote: rejected")),
        ],
        validators=[DataRequired()],
    )
    note = TextAreaField(_l("Note"), [Length(max=5000)])
    vote = FileField(_l("Result of the owners' vote (PDF)"))


class ConfirmForm(FlaskForm):
    policy_number = StringField(_l("Policy number"), [DataRequired(), Length(max=60)])
