"""Forms of the publication."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+; its stubs lag
from wtforms.validators import DataRequired, Length


class ObjectionForm(FlaskForm):
    name = StringField(
        _l("Your name or organisation"), validators=[DataRequired(), Length(max=100)]
    )
    contact = StringField(
        _l("Contact details"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Telephone or e-mail; kept private, never published."),
    )
    grounds = TextAreaField(
        _l("Grounds"),
        validators=[DataRequired(), Length(max=10000)],
        description=_l("What is wrong with the result, and why. Published without your name."),
    )
    evidence = FileField(_l("Evidence (PDF, optional)"), description=_l("At most 10 MB."))


class AnswerForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice("rejected", _l("Rejected")), SelectChoice("upheld", _l("Upheld"))],
        validators=[DataRequired()],
    )
    fail_tender = BooleanField(_l("Upheld: the tender fails (otherwise it returns to evaluation)"))
    answer = TextAreaField(
        _l("Answer with reasons"), validators=[DataRequired(), Length(max=10000)]
    )


class StandingForm(FlaskForm):
    standing = RadioField(
        _l("Standing"),
        choices=[SelectChoice("yes", _l("Has standing")), SelectChoice("no", _l("No standing"))],
        validators=[DataRequired()],
    )


class TieForm(FlaskForm):
    """How a shared first place was settled; the view sets the tied bids as `winner`'s choices."""

    winner = RadioField(_l("The bid that wins the tie"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("How the tie was settled"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("As the tender documents say, e.g. a lot drawn on a given day and time."),
    )
    witnesses = StringField(_l("Witnesses"), validators=[Length(max=500)])
