"""The refusals of the consultation's operations, with their messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procurement.errors import DomainError


class ConsultationError(DomainError):
    messages = {
        "not_consultation": _l("Only a competitive consultation has a consultation stage."),
        "not_ready": _l("The consultation starts once both reviews are complete, before scoring."),
        "invited": _l("Final offers are already invited: the consultation is over."),
        "not_in": _l("This supplier is no longer in the consultation."),
        "text_required": _l("Write what was said."),
        "respond_by_past": _l("The response deadline must be in the future."),
        "deadline_past": _l("The deadline for final offers must be in the future."),
        "deadline_before_response": _l(
            "The deadline for final offers must not be before the response deadline of change "
            "%(number)s (%(time)s)."
        ),
        "consult_each": _l("Consult every supplier still in first: %(names)s."),
        "too_few": _l(
            "A competitive consultation needs at least %(minimum)s suppliers (%(citation)s); "
            "%(count)s remain. Record a lawful exception, or end the procedure."
        ),
        "exception_short": _l(
            "The exception recorded allows %(minimum)s suppliers at least (%(citation)s); "
            "%(count)s remain."
        ),
        "exception_note": _l("Explain why the exception applies."),
        "not_invited": _l("Final offers have not been invited."),
        "offers_closed": _l("The deadline for final offers has passed."),
        "left": _l("You left the consultation."),
        "offered": _l("A supplier may leave only before it submits its final offer."),
        "not_sealed": _l(
            "The final offer was not sealed in your browser. Reload the page with JavaScript "
            "enabled."
        ),
        "not_yet": _l("The final offers open after their deadline, %(time)s."),
        "opened": _l("The final offers are already opened."),
        "procedure_over": _l("The procedure is over: no more responses are taken."),
        "not_sent": _l("This change was not sent to this supplier."),
        "response_late": _l(
            "The response deadline of change %(number)s was %(time)s (Beijing time): the "
            "response is refused."
        ),
        "response_required": _l("Write your response."),
        "attachment_too_large": _l("The attachment may be at most %(mb)s MB."),
        "attachment_not_pdf": _l("The attachment must be a PDF file."),
    }
