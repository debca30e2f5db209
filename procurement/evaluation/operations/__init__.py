"""State changes of the evaluation, by stage: the committee and declarations, the reviews, the
scoresheets, the ranking and its flags, the report. Operations flush and write their audit event;
the request commits once (`procurement.web.attempt`). They raise `EvaluationError`.

Reads live in `procurement.evaluation.queries`; the few re-exported below are kept for the callers
outside this package (publication, api, demo) that still read them from here.
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
from procurement.evaluation.operations.report import complete_report, reopen, sign_report
from procurement.evaluation.operations.reviews import record_review
from procurement.evaluation.operations.scoresheets import save_scores, submit_scoresheet
from procurement.evaluation.queries import (
    all_submitted,
    bid_key,
    compliant_bids,
    eligible_for_review,
    engine_spec,
    exclusions,
    flag_decisions,
    member_key,
    members,
    opened_bids,
    ready_to_score,
    requirements,
    review_complete,
    review_results,
    scoresheet_of,
    signatures,
    subjective_criteria,
)

__all__ = [
    "EvaluationError",
    "all_submitted",
    "assign_committee",
    "bid_key",
    "complete_report",
    "compliant_bids",
    "compute_result",
    "decide_flag",
    "declare",
    "eligible_for_review",
    "engine_spec",
    "exclusions",
    "finalise",
    "flag_decisions",
    "member_key",
    "members",
    "opened_bids",
    "ready_to_score",
    "record_review",
    "refresh_result",
    "reopen",
    "requirements",
    "review_complete",
    "review_results",
    "save_scores",
    "scoresheet_of",
    "sign_report",
    "signatures",
    "subjective_criteria",
    "submit_scoresheet",
    "withdraw_flag",
]
