"""State changes of the evaluation, by stage: the committee and declarations, the reviews, the
scoresheets, the ranking and its flags, the report. Operations flush and write their audit event;
the request commits once (`procurement.web.attempt`). They raise `EvaluationError`.

Reads live in `procurement.evaluation.queries`.
"""

from __future__ import annotations

from procurement.evaluation.errors import EvaluationError
from procurement.evaluation.operations.committee import assign_committee, declare
from procurement.evaluation.operations.ranking import (
    compute_result,
    decide_flag,
    finalise,
    refresh_result,
    withdraw_flag,
)
from procurement.evaluation.operations.report import (
    complete_report,
    render_draft,
    reopen,
    report_changed,
    sign_report,
)
from procurement.evaluation.operations.reviews import record_review
from procurement.evaluation.operations.scoresheets import save_scores, submit_scoresheet

__all__ = [
    "EvaluationError",
    "assign_committee",
    "complete_report",
    "compute_result",
    "decide_flag",
    "declare",
    "finalise",
    "record_review",
    "refresh_result",
    "render_draft",
    "reopen",
    "report_changed",
    "save_scores",
    "sign_report",
    "submit_scoresheet",
    "withdraw_flag",
]
