"""A user unit rates the insurance service of an insurer that covers its elevators."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procurement import clock
from procurement.audit.operations import record
from procurement.errors import DomainError
from procurement.extensions import db
from procurement.organisations.models import Organisation
from procurement.register import queries
from procurement.register.models import Survey


class RatingError(DomainError):
    messages = {
        "not_your_insurer": _l("Choose an insurer that covers one of your elevators."),
        "score_range": _l("The satisfaction is a whole number from 0 to 100."),
    }


def rate(unit: Organisation, insurer_id: int, score: int, comments: str) -> Survey:
    """Record today's rating (Beijing date); a second rating of the same day replaces it."""
    if insurer_id not in {i for i, _name in queries.unit_insurers(unit.id)}:
        raise RatingError("not_your_insurer", "insurer")
    if not 0 <= score <= 100:
        raise RatingError("score_range", "score")
    today = clock.to_local(clock.now()).date()
    survey = db.session.scalar(
        sa.select(Survey).where(
            Survey.user_unit_id == unit.id,
            Survey.insurer_id == insurer_id,
            Survey.rated_on == today,
        )
    )
    if survey is None:
        survey = Survey(user_unit_id=unit.id, insurer_id=insurer_id, rated_on=today)
        db.session.add(survey)
    survey.score, survey.comments = Decimal(score), comments.strip()
    db.session.flush()
    record(
        "register.rate",
        object_type="register_survey",
        object_id=str(survey.id),
        details={"insurer_id": insurer_id, "score": score, "rated_on": today.isoformat()},
    )
    return survey
