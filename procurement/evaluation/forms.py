"""Forms of the evaluation: fixed ones, and the review and scoresheet forms built per tender."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-wtforms yet
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from procurement.accounts.models import User
from procurement.evaluation.models import FlagResolution
from procurement.fields import BoundedIntegerField


class CommitteeForm(FlaskForm):
    members = SelectMultipleField(
        _l("Committee members"),
        coerce=int,
        validators=[DataRequired()],
        description=_l("An odd number, at least three. Hold Ctrl to choose several."),
    )
    chair = SelectField(_l("Chair"), coerce=int)

    def offer(self, candidates: list[User]) -> None:
        """The accounts to choose the members and the chair from."""
        self.members.choices = self.chair.choices = [
            SelectChoice(user.id, f"{user.display_name}（{user.username}）") for user in candidates
        ]


class DeclarationForm(FlaskForm):
    conflict = RadioField(
        _l("Conflict of interest"),
        choices=[
            SelectChoice("no", _l("I have no conflict of interest with any bidder of this tender")),
            SelectChoice("yes", _l("I have a conflict of interest and withdraw (回避)")),
        ],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Details"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required when you declare a conflict."),
    )


class ConfirmForm(FlaskForm):
    """A POST with a CSRF token, after the user confirmed."""


# The committee's decisions in words: pages and forms show these, never the codes.
RESOLUTION_LABELS = {
    FlagResolution.EXPLAINED: _l("The member explained in writing; the scores stand"),
    FlagResolution.REPLACED: _l(
        "More than half of the committee decided to replace these scores by the other members' mean"
    ),
    FlagResolution.ACCEPTED: _l("The committee accepts the bidder's explanation"),
    FlagResolution.REJECTED: _l("Not accepted: the bid is invalid"),
}


class FlagForm(FlaskForm):
    resolution = RadioField(
        _l("Decision"),
        choices=[SelectChoice(r.value, RESOLUTION_LABELS[r]) for r in FlagResolution],
        validators=[DataRequired()],
    )
    votes_for = BoundedIntegerField(
        _l("Members voting for replacement"),
        validators=[Optional(), NumberRange(min=0, max=99)],
        description=_l("Replacement needs more than half of the committee."),
    )
    explanation = TextAreaField(
        _l("Written explanation or decision"), validators=[DataRequired(), Length(max=5000)]
    )


class SignForm(FlaskForm):
    """A signature on one draft of the report: `sha256` is the hash of the draft the member read."""

    agree = BooleanField(_l("I have read this draft of the evaluation report and sign it"))
    sha256 = HiddenField()
    dissent = TextAreaField(
        _l("Dissent (optional)"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Printed on the report. A member who signs without dissent agrees."),
    )

    def validate_agree(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(_l("Tick the box to sign."))


# Forms built per page from the tender: a review's requirements, a scoresheet's bids × criteria. -----


def _strip(text: str | None) -> str | None:
    return text.strip() if text else text


class ReviewForm(FlaskForm):
    """Pass or fail on every requirement of a review, with the reason of each failure.

    Built by `review_form`: fields `r-<requirement>` (pass/fail) and `r-<requirement>-reason`.
    """

    requirement_ids: ClassVar[list[str]] = []

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for key in self.requirement_ids:
            reason = self[f"r-{key}-reason"]
            if self[f"r-{key}"].data == "fail" and not reason.data:
                reason.errors = [*reason.errors, _l("Give the reason for the failure.")]
                valid = False
        return valid

    def decisions(self) -> dict[str, tuple[bool, str]]:
        """Requirement id -> (passed, reason), as the review operation takes them."""
        return {
            key: (self[f"r-{key}"].data == "pass", self[f"r-{key}-reason"].data or "")
            for key in self.requirement_ids
        }

    def requirement_errors(self) -> dict[str, str]:
        """Requirement id -> the first problem of its decision, for the row that shows it."""
        found = {}
        for key in self.requirement_ids:
            errors = [*self[f"r-{key}"].errors, *self[f"r-{key}-reason"].errors]
            if errors:
                found[key] = str(errors[0])
        return found


def review_form(requirements: list[dict[str, str]], saved: Mapping[str, Any]) -> ReviewForm:
    """The form of one review; `saved` maps requirement ids to their stored results."""
    fields: dict[str, Any] = {"requirement_ids": [r["id"] for r in requirements]}
    data: dict[str, Any] = {}
    for requirement in requirements:
        key = requirement["id"]
        fields[f"r-{key}"] = RadioField(
            requirement["text"],
            choices=[SelectChoice("pass", _l("Pass")), SelectChoice("fail", _l("Fail"))],
            validate_choice=False,
            validators=[AnyOf(["pass", "fail"], message=_l("Choose pass or fail."))],
        )
        fields[f"r-{key}-reason"] = StringField(_l("Reason"), filters=[_strip])
        if (row := saved.get(key)) is not None:
            data[f"r-{key}"] = "pass" if row.passed else "fail"
            data[f"r-{key}-reason"] = row.reason
    form_class = type("BoundReviewForm", (ReviewForm,), fields)
    return form_class(data=data)


class PointsField(StringField):
    """A member's points on one criterion for one bid: blank (not scored yet) or a finite number."""

    data: Decimal | None  # type: ignore[assignment]  # a number here, where StringField holds text

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(_l("Not a number.")) from None
        if not value.is_finite():
            raise ValueError(_l("Not a number."))
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


def score_field(bid_id: int, criterion_id: str) -> str:
    """The name of a score's field, as the scoresheet template writes it."""
    return f"s-{bid_id}-{criterion_id}"


class ScoresheetForm(FlaskForm):
    """A member's points: one `s-<bid>-<criterion>` field per compliant bid × subjective criterion.

    Built by `scoresheet_form`. `action` is the button pressed: "save", or "submit" to lock.
    """

    action = StringField()
    score_keys: ClassVar[list[tuple[int, str]]] = []

    def values(self) -> dict[tuple[int, str], Decimal | None]:
        return {key: self[score_field(*key)].data for key in self.score_keys}

    def place_problems(self, problems: Mapping[tuple[int, str], str]) -> None:
        """Put the scoresheet operation's per-score problems on their fields."""
        for key, code in problems.items():
            field = self[score_field(*key)]
            message = (
                _l("Choose one of the levels.") if code == "not_a_level" else _l("Out of range.")
            )
            field.errors = [*field.errors, message]

    def score_errors(self) -> dict[str, str]:
        """Field name -> its first problem, for the cell that shows it."""
        return {
            score_field(*key): str(self[score_field(*key)].errors[0])
            for key in self.score_keys
            if self[score_field(*key)].errors
        }


def scoresheet_form(
    bid_ids: list[int],
    criteria: list[dict[str, Any]],
    saved: Mapping[tuple[int, str], Decimal],
) -> ScoresheetForm:
    """The scoresheet of compliant bids × subjective criteria, filled with the saved points."""
    keys = [(bid_id, c["id"]) for bid_id in bid_ids for c in criteria]
    fields: dict[str, Any] = {score_field(*key): PointsField() for key in keys}
    form_class = type("BoundScoresheetForm", (ScoresheetForm,), {**fields, "score_keys": keys})
    return form_class(data={score_field(*key): saved.get(key) for key in keys})


class CompareForm(FlaskForm):
    """The comparison view's GET form: 2 to 4 bids and one section of the bid form."""

    class Meta:
        csrf = False  # a GET that changes nothing

    bids = SelectMultipleField(
        _l("Bids to compare (2 to 4)"),
        coerce=int,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    section = SelectField(_l("Section"))

    def validate_bids(self, field: SelectMultipleField) -> None:
        if not 2 <= len(field.data or []) <= 4:
            raise ValidationError(_l("Choose 2 to 4 bids."))


def compare_form(bids: list[Any], formdata: Mapping[str, Any] | None) -> CompareForm:
    """Bids by bidder name; with nothing chosen yet, the first four bids and their price."""
    from procurement.bids.fields import SECTIONS

    form = CompareForm(
        formdata=formdata or None,
        data={"bids": [bid.id for bid in bids[:4]], "section": SECTIONS[0].key},
    )
    form.bids.choices = [SelectChoice(bid.id, bid.insurer.name) for bid in bids]
    form.section.choices = [SelectChoice(section.key, section.title) for section in SECTIONS]
    return form
