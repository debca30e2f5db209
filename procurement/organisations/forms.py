"""Forms of organisation administration and of moving an account between organisations."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-wtforms yet
from wtforms.validators import DataRequired, Length, Optional

from procurement.auth.forms import ValidUSCC
from procurement.labels import LABELS
from procurement.organisations.models import District, Organisation, OrganisationKind

KIND_LABELS = LABELS[OrganisationKind]


def district_choices(districts: list[District], empty: Any) -> list[Any]:
    return [SelectChoice("", empty)] + [
        SelectChoice(district.code, f"{district.code} {district.name}") for district in districts
    ]


class OrganisationForm(FlaskForm):
    """Administrators create and edit organisations; the jurisdiction is a loaded division."""

    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
    )
    district = SelectField(
        lazy_pgettext("organisation", "Jurisdiction"),
        validators=[Optional()],
        description=_l("The district or city whose work the organisation does or supervises."),
    )
    uscc = StringField(
        _l("Unified social credit code"),
        validators=[Optional(), ValidUSCC()],
        description=_l("18 characters; leave empty if the organisation has none."),
    )

    def __init__(self, districts: list[District], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.district.choices = district_choices(districts, _l("None"))

    @classmethod
    def of(cls, organisation: Organisation, districts: list[District]) -> OrganisationForm:
        data = {
            "name": organisation.name,
            "kind": organisation.kind.value,
            "district": organisation.district.code if organisation.district else "",
            "uscc": organisation.uscc or "",
        }
        return cls(districts, data=data)


class OrganisationFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form

    kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice("", _l("All kinds"))]
        + [SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=[Optional()],
    )
    district = SelectField(lazy_pgettext("organisation", "Jurisdiction"), validators=[Optional()])

    def __init__(self, districts: list[District], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.district.choices = district_choices(districts, _l("All divisions"))


class MoveAccountForm(FlaskForm):
    """Move an account to another organisation, or out of any, with the reason kept in the log."""

    organisation = SelectField(_l("Move to"), validators=[Optional()])
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Kept in the audit log with the move."),
    )

    def __init__(self, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.organisation.choices = [SelectChoice("", _l("No organisation"))] + [
            SelectChoice(str(o.id), f"{o.name}（{KIND_LABELS[o.kind]}）") for o in organisations
        ]
