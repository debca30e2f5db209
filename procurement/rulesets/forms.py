"""The administrator's form for one rule."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+; its stubs lag
from wtforms.validators import DataRequired, Length

UNIT_LABELS = {
    "calendar_days": _l("calendar days"),
    "working_days": _l("working days"),
}
OUTLIER_LABELS = {
    "replace": _l("replaced by the other members' mean"),
    "explain": _l("the member explains or corrects, recorded"),
}


class RuleForm(FlaskForm):
    value = StringField(
        _l("Value"),
        validators=[Length(max=20)],
        description=_l("Days (nothing: the law sets none); a count; a range such as 10-30; "
                       "or replace / explain for abnormal scores."),
    )  # fmt: skip
    unit = SelectField(
        _l("Unit"), choices=[SelectChoice(key, label) for key, label in UNIT_LABELS.items()]
    )
    citation = StringField(_l("Citation"), validators=[DataRequired(), Length(max=500)])
    confirmed = BooleanField(_l("Checked against the text of the law"))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    def values(self) -> dict[str, Any]:
        return {
            "value": self.value.data or "",
            "unit": self.unit.data,
            "citation": self.citation.data or "",
            "confirmed": bool(self.confirmed.data),
            "note": self.note.data or "",
        }
