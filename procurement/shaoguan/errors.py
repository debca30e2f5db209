"""The one error class of the Shaoguan programme, with the messages of its codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procurement.errors import DomainError


class ShaoguanError(DomainError):
    messages = {
        "amount_positive": _l("The amount must be more than zero."),
        "year_range": _l("The year must be between 2000 and 2100."),
        "statement_required": _l("Attach the custodian bank's statement as a PDF."),
        "not_pdf": _l("The file is not a PDF (its content was checked, not its name)."),
        "too_large": _l("The file is larger than 20 MB."),
        "pool_negative": _l(
            "The programme's unallocated income would become negative (%(balance)s yuan left); "
            "nothing was recorded."
        ),
        "community_negative": _l(
            "The community's allocated income would become negative (%(balance)s yuan left); "
            "nothing was recorded."
        ),
        "already_reversed": _l("This entry has already been reversed."),
        "is_reversal": _l("A reversing entry cannot itself be reversed: record a new entry."),
        "community_required": _l("Choose the community."),
        "slug_taken": _l("Another programme has this short name."),
        "evidence_missing": _l(
            "Record evidence for every condition before marking the community eligible: "
            "%(missing)s."
        ),
        "already_eligible": _l("The community is already marked eligible."),
        "not_eligible": _l("The community has not been marked eligible."),
        "no_elevators": _l("Choose at least one elevator of the community."),
        "foreign_elevator": _l("Elevator %(number)s is not in this community."),
        "insurer_not_admitted": _l("Choose an approved insurer."),
        "period_order": _l("The policy must end after it starts."),
        "amount_over_total": _l(
            "The amount from the income (%(amount)s yuan) exceeds the total premium "
            "(%(total)s yuan)."
        ),
        "not_draft": _l("Only a proposal in preparation can be changed or noticed."),
        "no_review": _l("Review the contract clause by clause before publishing the notice."),
        "not_noticed": _l("This proposal is not under notice."),
        "notice_closed": _l("The notice period has ended: objections are no longer accepted."),
        "notice_running": _l("The notice period has not ended yet."),
        "no_objection": _l(
            "No objection stands: the proposal is approved when the notice period ends."
        ),
        "objections_open": _l("Answer every objection first."),
        "vote_required": _l("Attach the result of the owners' vote as a PDF."),
        "answered": _l("This objection has already been answered."),
        "not_approved": _l("Only an approved proposal can be confirmed."),
        "policy_number_required": _l("Enter the policy number."),
    }
