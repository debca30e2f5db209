"""Forms of tenders: particulars, the criteria editor, amendments, cancellation, public search."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)

# SelectChoice is new in WTForms 3.2; the types-WTForms stubs do not have it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from procurement.bids.fields import NO_RECORD_LABELS, SOURCES
from procurement.clock import LOCAL_ZONE
from procurement.fields import BoundedDecimalField, BoundedIntegerField
from procurement.labels import LABELS, PublicState
from procurement.queryargs import QueryDateField
from procurement.rulenotation import EditorRow
from procurement.rulesets.catalogue import places
from procurement.tenders.models import LegalRoute, TenderMethod, TenderStatus

METHOD_LABELS = LABELS[TenderMethod]
ROUTE_LABELS = LABELS[LegalRoute]
GROUP_LABELS = {
    "qualification": _l("Qualifications"),
    "service": _l("Service capacity"),
    "terms": _l("Clauses"),
    "rate": _l("Rates"),
    "platform": _l("Platform"),
    "price": _l("Price"),
}
RULE_LABELS = {
    "price": _l("Lowest price (base / price × points)"),
    "price_deviation": _l("Benchmark price (deviation from the mean)"),
    "bands": _l("Bands"),
    "deduct": _l("Deduct per unit"),
    "per_unit": _l("Points per unit, capped"),
    "relative": _l("Relative to the best bid"),
    "checklist": _l("Checklist"),
    "subjective": _l("Committee members score"),
}
PARAMETER_HINT = _l(
    "Bands: 225:10, 200:7, 100:3 · per unit or deduct: 2 · relative: higher or lower · "
    "checklist: iot:2, paperless:2 · committee levels: 8, 6, 4, 0 (empty: any value) · "
    "benchmark price: k=0.05, above=1, below=0.5, trim=6/1/1"
)
T = TypeVar("T")
DISTRICT_SPLIT = re.compile(r"[,，、;；\s]+")


def choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(str(key), label) for key, label in labels.items()]


class TenderForm(FlaskForm):
    reference = StringField(
        _l("Reference number"),
        validators=[
            DataRequired(),
            Length(max=64),
            # The reference is part of the announcement's address: a / would make it unreachable.
            Regexp(r"^[A-Za-z0-9-]+$", message=_l("Letters, digits and hyphens (-) only.")),
        ],
        description=_l("e.g. CQ-2026-0001; it appears in the address of the announcement"),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    procuring_entity = StringField(
        _l("Procuring entity"), validators=[DataRequired(), Length(max=200)]
    )
    method = SelectField(_l("Procurement method"), choices=choices(METHOD_LABELS))
    route = SelectField(
        _l("Legal route"),
        choices=choices(ROUTE_LABELS),
        description=_l("Decides the price methods allowed, the notice and the objection rules."),
    )
    jurisdiction = SelectField(
        _l("Jurisdiction"),
        choices=lambda: [SelectChoice(code, name) for code, name in places().items()],
        default="500000",
        description=_l("Whose additions to the national rules apply (periods, award deadline, "
                       "abnormal scores)."),
    )  # fmt: skip
    admit_count = BoundedIntegerField(
        _l("Admit up to this many insurers"),
        validators=[Optional(), NumberRange(min=1, max=50)],
        description=_l(
            "入围: several insurers enter the list user units choose from; empty: one winner."
        ),
    )
    admit_min_score = BoundedDecimalField(
        _l("Admit every insurer scoring at least"),
        places=2,
        validators=[Optional(), NumberRange(min=Decimal("0"), max=Decimal("100"))],
        description=_l(
            "Points out of 100; with a number above, the best of them up to that number."
        ),
    )
    districts = StringField(
        _l("Districts"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Separated by commas, e.g. 渝中区、江北区"),
    )
    elevator_count = BoundedIntegerField(
        _l("Number of elevators"), validators=[DataRequired(), NumberRange(min=1, max=1_000_000)]
    )
    ceiling_price = BoundedDecimalField(
        _l("Ceiling price (yuan per elevator per year)"),
        places=2,
        validators=[DataRequired(), NumberRange(min=Decimal("0.01"), max=Decimal("1000000"))],
    )
    min_bids = BoundedIntegerField(
        _l("Minimum number of bids"),
        default=3,
        validators=[DataRequired(), NumberRange(min=1, max=50)],
        description=_l("Fewer bids at the opening: the tender fails (流标)."),
    )
    submission_deadline = DateTimeLocalField(
        _l("Submission deadline"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired()],
        description=_l("Beijing time"),
    )
    opening_time = DateTimeLocalField(
        _l("Opening time"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired()],
        description=_l("Beijing time; not before the deadline"),
    )
    notice_days = BoundedIntegerField(
        _l("Notice period (days)"),
        default=3,
        validators=[DataRequired(), NumberRange(min=1, max=30)],
        description=_l("How long the ranked candidates are publicised."),
    )
    description = TextAreaField(_l("Announcement text"), validators=[Length(max=20000)])

    def validate_notice_days(self, field: Any) -> None:
        if self.route.data == LegalRoute.TENDERING_LAW.value and (field.data or 0) < 3:
            raise ValidationError(
                _l("The tendering-law route publicises candidates for at least 3 days.")
            )

    def values(self) -> dict[str, Any]:
        """The particulars as the operations take them (read after the form validated)."""
        return {
            "reference": _given(self.reference.data).strip(),
            "title": _given(self.title.data).strip(),
            "procuring_entity": _given(self.procuring_entity.data).strip(),
            "method": TenderMethod(self.method.data),
            "route": LegalRoute(self.route.data),
            "jurisdiction": self.jurisdiction.data,
            "admit_count": self.admit_count.data,
            "admit_min_score": self.admit_min_score.data,
            "districts": [d for d in DISTRICT_SPLIT.split(_given(self.districts.data)) if d],
            "elevator_count": self.elevator_count.data,
            "ceiling_price": _given(self.ceiling_price.data).quantize(Decimal("0.01")),
            "min_bids": self.min_bids.data,
            "submission_deadline": local_to_utc(_given(self.submission_deadline.data)),
            "opening_time": local_to_utc(_given(self.opening_time.data)),
            "notice_days": self.notice_days.data,
            "description": (self.description.data or "").strip(),
        }

    def fill_from(self, tender: Any) -> None:
        from procurement.clock import to_local

        self.reference.data = tender.reference
        self.title.data = tender.title
        self.procuring_entity.data = tender.procuring_entity
        self.method.data = tender.method.value
        self.route.data = tender.route.value
        self.jurisdiction.data = tender.jurisdiction
        self.admit_count.data = tender.admit_count
        self.admit_min_score.data = tender.admit_min_score
        self.districts.data = "、".join(tender.districts)
        self.elevator_count.data = tender.elevator_count
        self.ceiling_price.data = tender.ceiling_price
        self.min_bids.data = tender.min_bids
        self.submission_deadline.data = to_local(tender.submission_deadline).replace(tzinfo=None)
        self.opening_time.data = to_local(tender.opening_time).replace(tzinfo=None)
        self.notice_days.data = tender.notice_days
        self.description.data = tender.description


def _given(value: T | None) -> T:
    """A required field's value: DataRequired has refused an empty one before values() is read."""
    if value is None:
        raise ValueError("a required field is empty: read values() after validating the form")
    return value


def local_to_utc(local: datetime) -> datetime:
    from datetime import UTC

    return local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)


class AmendmentForm(TenderForm):
    reason = TextAreaField(
        _l("Reason for the amendment"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("Published with the amendment; every bidder must acknowledge it."),
    )


class CriterionForm(EditorRow):
    """One row of the criteria editor."""

    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=100)])
    group = SelectField(_l("Group"), choices=choices(GROUP_LABELS))
    max_points = BoundedDecimalField(
        _l("Points"), places=2, validators=[Optional()], min=0, max=100
    )
    rule_type = SelectField(_l("Rule"), choices=choices(RULE_LABELS))
    parameters = StringField(_l("Rule parameters"), validators=[Optional(), Length(max=500)])
    source = SelectField(
        _l("Bid value scored"),
        choices=[SelectChoice("", _l("— (committee scores)"))]
        + [SelectChoice(source.key, source.label) for source in SOURCES],
        validators=[Optional()],
    )
    # a figure from the pilot register only: how a bidder without a record is scored
    no_record = SelectField(
        _l("Bidder without a record"), choices=choices(NO_RECORD_LABELS), default="worst"
    )
    no_record_value = BoundedDecimalField(
        _l("Fixed figure"), places=None, validators=[Optional()], min=0, max=100_000
    )
    guidance = TextAreaField(_l("Guidance"), validators=[Optional(), Length(max=2000)])


class RequirementForm(EditorRow):
    text = StringField(_l("Requirement"), validators=[Optional(), Length(max=500)])


class CriteriaForm(FlaskForm):
    criteria = FieldList(FormField(CriterionForm), min_entries=1)
    requirements = FieldList(FormField(RequirementForm), min_entries=0)
    reason = TextAreaField(
        _l("Reason for the amendment"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Needed only once the tender is published."),
    )

    def add_row(self, action: str) -> None:
        """The editor's "add a row" buttons: an empty criterion or requirement."""
        if action == "add_criterion":
            self.criteria.append_entry({"group": "service", "rule_type": "subjective"})
        elif action == "add_requirement":
            self.requirements.append_entry()

    def total_points(self) -> float:
        """The points of the rows that stay, as entered (shown under the table); a number out of
        range counts as 0 (it carries its own message), so a huge entry cannot overflow the sum."""
        from procurement.rulenotation import points_total

        return points_total(self.criteria.entries)


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for cancelling"), validators=[DataRequired(), Length(max=2000)]
    )


class TenderSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Status"),
        # Every state the public sees, in the order of a tender's life.
        choices=[SelectChoice("", _l("All"))]
        + [SelectChoice(state.value, LABELS[PublicState][state]) for state in PublicState]
        + [
            SelectChoice(status.value, LABELS[TenderStatus][status])
            for status in TenderStatus
            if status not in {TenderStatus.DRAFT, TenderStatus.PUBLISHED}
        ],
        validators=[Optional()],
    )
    district = StringField(_l("District"), validators=[Optional(), Length(max=50)])
    since = QueryDateField(_l("Published from"), validators=[Optional()])
    until = QueryDateField(_l("Published until"), validators=[Optional()])
