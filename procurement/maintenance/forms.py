"""Forms of the maintenance evaluation: periods, companies, uploads, the template, corrections, search."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # in WTForms 3, not in its stubs
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from procurement.accounts.uscc import normalise, problem
from procurement.fields import BoundedDecimalField, BoundedIntegerField
from procurement.queryargs import QueryDateField
from procurement.rulenotation import EditorRow, ParameterError, parse_number

GROUP_LABELS = {
    "qualification": _l("Qualification and credit"),
    "capacity": _l("Technical strength"),
    "performance": _l("Performance record"),
    "service": _l("Service quality"),
}


class PeriodForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(),
            Length(max=20),
            Regexp(
                r"^[0-9A-Za-z][0-9A-Za-z-]*$",
                message=_l("Use letters, digits and hyphens, e.g. 2025-Q4."),
            ),
        ],
        description=_l("Used in web addresses, e.g. 2025 or 2025-Q4."),
    )
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("As published, e.g. 2025年度 or 2025年第四季度."),
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Give a date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Give a date."))])

    def validate_ends_on(self, field: Any) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day comes before the first day."))

    def values(self) -> dict[str, Any]:
        """The validated fields, as `operations.create_period` takes them."""
        return {name: self[name].data for name in ("code", "name", "starts_on", "ends_on")}


class CompanyForm(FlaskForm):
    uscc = StringField(_l("Unified social credit code"), validators=[DataRequired()])
    name = StringField(_l("Company name"), validators=[DataRequired(), Length(max=200)])
    licence_no = StringField(_l("Licence number"), validators=[Optional(), Length(max=60)])
    licence_expires_on = DateField(_l("Licence valid until"), validators=[Optional()])
    in_city_since = DateField(
        _l("Maintaining elevators in the city since"), validators=[Optional()],
        description=_l("For the track-record indicator of years in service in the city."),
    )  # fmt: skip
    districts = StringField(
        _l("Districts served"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separate districts with 、 or commas."),
    )

    def validate_uscc(self, field: Any) -> None:
        field.data = normalise(field.data or "")
        reason = problem(field.data)
        if reason == "length":
            raise ValidationError(_l("The code has 18 characters."))
        if reason == "characters":
            raise ValidationError(
                _l("The code uses digits and capital letters other than I, O, Z, S and V.")
            )
        if reason:
            raise ValidationError(
                _l("The check character does not match; check the code for a typing mistake.")
            )


class UploadForm(FlaskForm):
    file = FileField(
        _l("File (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("The first row holds the headers of the template file."),
    )


KIND_LABELS = {
    "yn": _l("Yes or no"),
    "count": _l("Count"),
    "number": _l("Number"),
    "percent": _l("Percentage (0–100)"),
    "items": _l("Checklist items"),
}
RULE_LABELS = {
    "bands": _l("Bands"),
    "deduct": _l("Deduct per unit"),
    "per_unit": _l("Points per unit, capped"),
    "relative": _l("Relative to the best company"),
    "checklist": _l("Checklist"),
    "mcda": _l("Relative score (WSM or TOPSIS)"),
}
BETTER_LABELS = {"higher": _l("higher"), "lower": _l("lower")}
TEMPLATE_HINT = _l(
    "Rule parameters — bands: 95:10, 90:8 · deduct or per unit: 2 · relative: higher or lower · "
    "checklist: iot:2, paperless:2 · relative score: wsm or topsis, optionally followed by "
    "; entrapment_rate:2, failure_rate:1 to combine indicators with weights."
)


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in labels.items()]


class IndicatorRowForm(EditorRow):
    """One indicator of the template editor."""

    name = StringField(_l("Indicator"), validators=[Optional(), Length(max=100)])
    group = SelectField(_l("Group"), choices=_choices(GROUP_LABELS))
    kind = SelectField(_l("Kind of value"), choices=_choices(KIND_LABELS))
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    better = SelectField(_l("Better"), choices=_choices(BETTER_LABELS))
    max_points = BoundedDecimalField(
        _l("Points"), places=2, validators=[Optional()], min=0, max=100
    )
    rule_type = SelectField(_l("Rule"), choices=_choices(RULE_LABELS))
    parameters = StringField(_l("Rule parameters"), validators=[Optional(), Length(max=500)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=100)])


class VetoRowForm(EditorRow):
    name = StringField(_l("Veto item"), validators=[Optional(), Length(max=200)])


class GradeRowForm(Form):
    grade = StringField(_l("Grade"), validators=[Optional(), Length(max=4)])
    min = BoundedDecimalField(
        _l("Minimum score"), places=2, validators=[Optional()], min=0, max=100
    )


class TemplateEditorForm(FlaskForm):
    indicators = FieldList(FormField(IndicatorRowForm), min_entries=0)
    vetoes = FieldList(FormField(VetoRowForm), min_entries=0)
    grades = FieldList(FormField(GradeRowForm), min_entries=0)
    decimals = BoundedIntegerField(
        _l("Decimals"), validators=[InputRequired(), NumberRange(0, 4)], default=2,
        description=_l("Points are rounded half up to this many decimals."),
    )  # fmt: skip
    fairness = SelectField(
        _l("Rates of small companies"), default="none",
        choices=[SelectChoice("none", _l("As measured")),
                 SelectChoice("credibility", _l("Weighted by credibility")),
                 SelectChoice("minimum", _l("Not scored below a minimum exposure"))],
    )  # fmt: skip
    reference = SelectField(
        _l("Reference rate"), default="district",
        choices=[SelectChoice("district", _l("The company's districts")),
                 SelectChoice("city", _l("The city"))],
    )  # fmt: skip
    credibility_k = StringField(
        _l("Credibility constants k"), validators=[Optional(), Length(max=500)],
        description=_l("e.g. entrapment_rate:1200, failure_rate:800; blank: estimated from the "
                       "period's data (Bühlmann)."),
    )  # fmt: skip
    min_exposure = BoundedDecimalField(
        _l("Minimum exposure (elevator-months)"), validators=[Optional()], places=None
    )
    spot_checks = SelectField(
        _l("Insurer spot-check pass rate from"), default="import",
        choices=[SelectChoice("import", _l("The company file")),
                 SelectChoice("insurers", _l("The insurers' spot checks"))],
    )  # fmt: skip


class TemplateForm(FlaskForm):
    template = TextAreaField(
        _l("Template (JSON)"), validators=[DataRequired()], render_kw={"rows": 30}
    )

    def validate_template(self, field: Any) -> None:
        try:
            # every number bounded before it becomes one (issue 13: `1e999999999`, 5,000 digits)
            field.parsed = json.loads(
                field.data,
                parse_int=parse_number,
                parse_float=parse_number,
                parse_constant=parse_number,  # NaN, Infinity: "not a number"
            )
        except ParameterError as error:
            raise ValidationError(str(error)) from error
        except json.JSONDecodeError as error:
            raise ValidationError(
                _l(
                    "Not valid JSON at line %(line)s, column %(column)s: %(problem)s",
                    line=error.lineno,
                    column=error.colno,
                    problem=error.msg,
                )
            ) from error


class CorrectionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Published with the corrected result."),
    )


class ConfirmForm(FlaskForm):
    pass


class SpotCheckForm(FlaskForm):
    """One spot check of an elevator's maintenance, recorded by an insurer."""

    elevator_no = StringField(_l("Elevator number"), validators=[DataRequired(), Length(max=64)])
    company = StringField(
        _l("Maintenance company's unified social credit code"),
        validators=[DataRequired(), Length(max=40)],
    )
    checked_on = DateField(_l("Day of the spot check"), validators=[DataRequired()])
    items = StringField(
        _l("Items checked"), validators=[DataRequired(), Length(max=1000)],
        description=_l("e.g. 制动器、门锁装置、轿厢应急照明"),
    )  # fmt: skip
    result = SelectField(
        _l("Result"), choices=[SelectChoice("合格", "合格"), SelectChoice("不合格", "不合格")]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])
    photos = MultipleFileField(_l("Photos (JPEG or PNG, optional)"))

    def values(self) -> dict[str, str]:
        return {
            "elevator_no": (self.elevator_no.data or "").strip(),
            "company": (self.company.data or "").strip(),
            "checked_on": self.checked_on.data.isoformat() if self.checked_on.data else "",
            "items": (self.items.data or "").strip(),
            "result": self.result.data,
            "note": (self.note.data or "").strip(),
        }

    def photo_files(self) -> list[tuple[str, bytes]]:
        return [
            (f.filename or "photo", f.read()) for f in self.photos.data or [] if f and f.filename
        ]


class CompanySearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Company name"), validators=[Optional(), Length(max=100)])


SORT_CHOICES = [("name", _l("Company name"))]


class ResultsFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Company name"), validators=[Optional(), Length(max=100)])
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    grade = SelectField(_l("Grade"), validators=[Optional()], validate_choice=True)
    sort = SelectField(_l("Sort by"), validators=[Optional()], validate_choice=True)
    order = SelectField(
        _l("Order"),
        choices=[
            SelectChoice("", _l("Best first")),
            SelectChoice("asc", _l("Ascending")),
            SelectChoice("desc", _l("Descending")),
        ],
        validators=[Optional()],
    )

    def fill(
        self, districts: list[str], grades: list[str], indicators: list[tuple[str, str]]
    ) -> None:
        self.district.choices = [SelectChoice("", _l("All districts"))] + [
            SelectChoice(d, d) for d in districts
        ]
        self.grade.choices = [SelectChoice("", _l("All grades"))] + [
            SelectChoice(g, g) for g in grades
        ]
        self.sort.choices = [
            SelectChoice(v, label)
            for v, label in [("", _l("Total score")), *SORT_CHOICES, *indicators]
        ]


class SpotCheckFilterForm(FlaskForm):
    """The officer's filters of a period's spot checks (a GET form)."""

    class Meta:
        csrf = False

    company = SelectField(_l("Maintenance company"), validators=[Optional()], validate_choice=True)
    insurer = SelectField(_l("Insurer"), validators=[Optional()], validate_choice=True)
    result = SelectField(
        _l("Result"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("pass", _l("Passed")),
            SelectChoice("fail", _l("Did not pass")),
        ],
        validators=[Optional()],
    )
    since = QueryDateField(_l("From"), validators=[Optional()])
    until = QueryDateField(_l("To"), validators=[Optional()])

    def fill(self, companies: list[tuple[int, str]], insurers: list[tuple[int, str]]) -> None:
        everyone = SelectChoice("", _l("All"))
        self.company.choices = [everyone] + [SelectChoice(str(i), n) for i, n in companies]
        self.insurer.choices = [everyone] + [SelectChoice(str(i), n) for i, n in insurers]
