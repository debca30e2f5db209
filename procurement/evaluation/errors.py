"""The evaluation's refusals: one code per broken rule, each with its message.

Raised by the operations in `procurement.evaluation.operations`; a view shows `error.message`
(or puts it on a form field) through `procurement.web.attempt`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from procurement.errors import DomainError, Message


class EvaluationError(DomainError):
    """A step of the evaluation refused: committee, declarations, reviews, scores, flags, report.

    `bad_points` carries `problems` as a map (bid id, criterion id) -> "out_of_range" or
    "not_a_level", which the scoresheet form puts on its fields; it is not a list of messages.
    """

    messages: ClassVar[Mapping[str, Message]] = {
        "not_opened": _l("The tender has not been opened."),
        "committee_size": lambda d: _(
            "The committee needs an odd number of members, at least %(n)s.", n=d["minimum"]
        ),
        "not_members": _l("Only active committee-member accounts can sit on a committee."),
        "chair_not_member": _l("The chair must be one of the members."),
        "scoring_started": _l("Scoring has started: this can no longer change."),
        "consultation_invited": _l(
            "Final offers are invited: the reviews of this consultation can no longer change."
        ),
        "conflicted_member": _l("%(name)s declared a conflict of interest."),
        "not_seated": _l("You do not sit on this committee."),
        "already_declared": _l("You have already declared."),
        "conflict_note_required": _l("Describe the conflict of interest."),
        "not_reviewable": _l("This bid is not under this review."),
        "review_incomplete": _l("Decide every requirement."),
        "reason_required": _l("Give the reason for every failed requirement."),
        "must_declare": _l("Declare your conflicts of interest before seeing the bids."),
        "not_ready": _l("Scoring starts once both reviews are complete."),
        "locked": _l("Your scoresheet is submitted and locked."),
        "unknown_score": _l("A score refers to an unknown bid or criterion."),
        "bad_points": _l("Some points are outside the allowed range or levels."),
        "incomplete": lambda d: _("%(n)s scores are still missing.", n=d["missing"]),
        "not_all_submitted": _l("Not every member has submitted a scoresheet."),
        "finalised": _l("The evaluation is finalised."),
        "explanation_required": _l("Write the explanation or decision."),
        "replacement_not_allowed": lambda d: _(
            "This tender's rules do not replace a member's scores (%(rule)s): the member explains "
            "or corrects them, and the committee records it.",
            rule=d["rule"],
        ),
        "majority_required": lambda d: _(
            "Replacement needs more than half of the %(n)s members.", n=d["seated"]
        ),
        "bad_decision": _l("This decision does not fit this flag."),
        "no_decision": _l("There is no decision on this flag to withdraw."),
        "decisions_final": _l(
            "Every member has signed the report: decisions on flags can no longer change or be "
            "withdrawn."
        ),
        "already_signed": _l("You have already signed."),
        "no_draft": _l("The draft report is not ready yet: the chair finalises the ranking again."),
        "draft_preparing": lambda d: _(
            "Draft %(version)s of the report is still being prepared: sign it once it is ready.",
            version=d["version"],
        ),
        "draft_changed": lambda d: _(
            "The draft report changed after you opened it: version %(version)s is now the one to "
            "sign. Read it and sign again.",
            version=d["version"],
        ),
        "not_finalised": _l("The chair has not finalised the ranking yet."),
        "flags_pending": lambda d: _("%(n)s flags still need a decision.", n=d["count"]),
    }

    @property
    def problems(self) -> list[str]:
        # The `problems` detail of `bad_points` is a map of codes, not messages in words.
        return [self.message]

    def place_on(self, form: Any) -> list[str]:
        field = getattr(form, self.field, None) if self.field and form is not None else None
        if field is None:
            return self.problems
        field.errors = [*field.errors, self.message]
        return []
