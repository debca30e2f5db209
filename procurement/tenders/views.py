"""Tender pages: the public list and announcements; the officer's drafting, publishing and amending."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.keyholders.operations import KeyHolderError
from procurement.keyholders.views import chosen_holders
from procurement.pagecache import cached
from procurement.security import roles
from procurement.tenders import editor, operations, queries
from procurement.tenders.forms import (
    GROUP_LABELS,
    METHOD_LABELS,
    PARAMETER_HINT,
    ROUTE_LABELS,
    RULE_LABELS,
    AmendmentForm,
    CancelForm,
    CriteriaForm,
    TenderForm,
    TenderSearchForm,
)
from procurement.tenders.models import Tender, TenderStatus

bp = Blueprint("tenders", __name__, url_prefix="/tenders")

ERRORS = {
    "deadline_past": lambda d: _("The submission deadline must be in the future."),
    "opening_before_deadline": lambda d: _("The opening cannot come before the deadline."),
    "reference_taken": lambda d: _("Another tender has this reference number."),
    "not_draft": lambda d: _("Only a draft can be changed this way; amend a published tender."),
    "amend_closed": lambda d: _("The deadline has passed: the tender can no longer be amended."),
    "reason_required": lambda d: _("Give a reason."),
    "no_change": lambda d: _("Nothing was changed."),
    "cannot_cancel": lambda d: _("An opened tender cannot be cancelled."),
}


@bp.app_context_processor
def labels() -> dict[str, Any]:
    return {
        "method_labels": METHOD_LABELS,
        "route_labels": ROUTE_LABELS,
        "group_labels": GROUP_LABELS,
        "rule_labels": RULE_LABELS,
        "tender_state": tender_state,
        "change_label": change_label,
        "change_value": change_value,
    }


def change_label(field: str) -> str:
    form = AmendmentForm(formdata=None, meta={"csrf": False})
    item = getattr(form, field, None)
    return str(item.label.text) if item is not None else field


def change_value(field: str, value: Any) -> str:
    """An amended value as the public reads it."""
    from datetime import datetime

    from procurement.i18n import local_time

    if field in {"submission_deadline", "opening_time"} and value:
        return local_time(datetime.fromisoformat(value))
    if field == "method":
        return str(METHOD_LABELS.get(value, value))
    if field == "route":
        return str(ROUTE_LABELS.get(value, value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def tender_state(tender: Tender) -> tuple[str, str]:
    """(css class, label) of a tender's state as the public sees it now."""
    now = clock.now()
    if tender.status is TenderStatus.PUBLISHED:
        if tender.accepts_bids(now):
            return "open", _("Open for bids")
        return "closed", _("Closed, awaiting opening")
    return tender.status.value, {
        TenderStatus.DRAFT: _("Draft"),
        TenderStatus.OPENED: _("Opened"),
        TenderStatus.EVALUATED: _("Evaluated"),
        TenderStatus.PUBLICISED: _("Candidates under notice"),
        TenderStatus.AWARDED: _("Awarded"),
        TenderStatus.FAILED: _("Failed"),
        TenderStatus.CANCELLED: _("Cancelled"),
    }[tender.status]


def apply_error(form: Any, error: operations.TenderError) -> list[str]:
    """Put a tender error next to its field; return messages that belong to no field."""
    if error.code == "criteria":
        return list(error.details["problems"])
    message = ERRORS[error.code](error.details)
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, message]
        return []
    return [message]


def _officer_tender(tender_id: int) -> Tender:
    tender = db.get_or_404(Tender, tender_id)
    if not tender.can_manage(current_user):
        abort(403)
    return tender


# Public pages ---------------------------------------------------------------------------------


@bp.get("/")
@cached
def index() -> Any:
    form = TenderSearchForm(request.args)
    valid = form.validate()
    filters = (
        {
            "search": form.q.data,
            "status": form.status.data,
            "district": form.district.data,
            "since": form.since.data,
            "until": form.until.data,
        }
        if valid
        else {}
    )
    page = db.paginate(
        queries.public_tenders(clock.now(), **filters), per_page=current_app.config["PAGE_SIZE"]
    )
    status = 200 if valid else 400
    return render_template("tenders/index.html", form=form, page=page), status


@bp.get("/<reference>")
@cached
def announcement(reference: str) -> Any:
    tender = db.first_or_404(queries.by_reference(reference))
    if not tender.is_public:
        abort(404)  # a draft does not exist for the public
    return render_template("tenders/announcement.html", tender=tender, preview=False)


# Officer pages --------------------------------------------------------------------------------


@bp.get("/manage")
@roles(Role.OFFICER)
def manage() -> Any:
    page = db.paginate(queries.officer_tenders(), per_page=current_app.config["PAGE_SIZE"])
    return render_template("tenders/manage.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.OFFICER)
def create() -> Any:
    form = TenderForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            tender = operations.create_tender(form.values(), current_user)
        except operations.TenderError as error:
            db.session.rollback()
            problems = apply_error(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "Draft %(ref)s created with the built-in criteria. Review them next.",
                    ref=tender.reference,
                ),
                "success",
            )
            return redirect(url_for("tenders.criteria", tender_id=tender.id))
    status = 400 if request.method == "POST" else 200
    return render_template("tenders/form.html", form=form, tender=None, problems=problems), status


@bp.get("/<int:tender_id>/manage")
@roles(Role.OFFICER)
def detail(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    return render_template("tenders/detail.html", tender=tender, cancel_form=CancelForm())


@bp.route("/<int:tender_id>/edit", methods=["GET", "POST"])
@roles(Role.OFFICER)
def edit(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    if tender.status is not TenderStatus.DRAFT:
        flash(ERRORS["not_draft"]({}), "error")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    form = TenderForm()
    problems: list[str] = []
    if request.method == "GET":
        form.fill_from(tender)
    elif form.validate_on_submit():
        try:
            operations.update_tender(tender, form.values())
        except operations.TenderError as error:
            db.session.rollback()
            problems = apply_error(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("tenders.detail", tender_id=tender.id))
    status = 400 if request.method == "POST" else 200
    return render_template("tenders/form.html", form=form, tender=tender, problems=problems), status


@bp.route("/<int:tender_id>/criteria", methods=["GET", "POST"])
@roles(Role.OFFICER)
def criteria(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    now = clock.now()
    amending = tender.status is TenderStatus.PUBLISHED
    if not (tender.status is TenderStatus.DRAFT or (amending and tender.accepts_bids(now))):
        flash(ERRORS["amend_closed" if amending else "not_draft"]({}), "error")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    form = CriteriaForm()
    problems: list[str] = []
    rejected = request.method == "POST"  # until the form proves valid
    if request.method == "GET":
        editor.fill_form(form, tender.criteria, tender.requirements)
    elif form.validate_on_submit():
        rejected = False
        action = request.form.get("action", "save")
        if action == "add_criterion":
            form.criteria.append_entry({"group": "service", "rule_type": "subjective"})
        elif action == "add_requirement":
            form.requirements.append_entry()
        else:
            new_criteria, new_requirements, ok = editor.read_form(form)
            rejected = not ok
            if ok:
                try:
                    if amending:
                        operations.amend_tender(
                            tender, {}, new_criteria, form.reason.data or "", current_user
                        )
                        if new_requirements != tender.requirements:
                            problems.append(_("Qualification requirements cannot be amended."))
                            raise operations.TenderError("no_change")
                    else:
                        operations.set_criteria(tender, new_criteria, new_requirements)
                except operations.TenderError as error:
                    db.session.rollback()
                    problems = problems or apply_error(form, error)
                else:
                    db.session.commit()
                    flash(_("Criteria saved."), "success")
                    return redirect(url_for("tenders.detail", tender_id=tender.id))
    total = sum(
        (row.form.max_points.data or 0) for row in form.criteria.entries if not row.form.remove.data
    )
    status = 400 if problems or rejected else 200
    return (
        render_template(
            "tenders/criteria.html",
            form=form,
            tender=tender,
            problems=problems,
            total=total,
            amending=amending,
            rejected=rejected,
            hint=PARAMETER_HINT,
        ),
        status,
    )


@bp.get("/<int:tender_id>/preview")
@roles(Role.OFFICER)
def preview(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    return render_template("tenders/announcement.html", tender=tender, preview=True)


@bp.post("/<int:tender_id>/publish")
@roles(Role.OFFICER)
def publish(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)  # the CSRF token was checked by CSRFProtect
    holders, threshold = chosen_holders()
    try:
        operations.publish_tender(tender, holders, threshold)
    except KeyHolderError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    except operations.TenderError as error:
        db.session.rollback()
        messages = (
            error.details["problems"] if error.code == "criteria" else [ERRORS[error.code]({})]
        )
        for message in messages:
            flash(message, "error")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    db.session.commit()
    flash(_("Published: the announcement is public."), "success")
    return redirect(url_for("tenders.detail", tender_id=tender.id))


@bp.route("/<int:tender_id>/amend", methods=["GET", "POST"])
@roles(Role.OFFICER)
def amend(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    if not tender.accepts_bids(clock.now()):
        flash(ERRORS["amend_closed"]({}), "error")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    form = AmendmentForm()
    problems: list[str] = []
    if request.method == "GET":
        form.fill_from(tender)
    elif form.validate_on_submit():
        try:
            amendment = operations.amend_tender(
                tender, form.values(), None, form.reason.data, current_user
            )
        except operations.TenderError as error:
            db.session.rollback()
            problems = apply_error(form, error)
        else:
            db.session.commit()
            message = _("Amendment %(n)s published.", n=amendment.number)
            if amendment.deadline_moved:
                message += " " + _(
                    "The deadline moved so that bidders keep the legal minimum time."
                )
            flash(message, "success")
            return redirect(url_for("tenders.detail", tender_id=tender.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "tenders/amend.html", form=form, tender=tender, problems=problems
    ), status


@bp.post("/<int:tender_id>/cancel")
@roles(Role.OFFICER)
def cancel(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            operations.cancel_tender(tender, form.reason.data)
        except operations.TenderError as error:
            db.session.rollback()
            flash(ERRORS[error.code](error.details), "error")
        else:
            db.session.commit()
            flash(_("The tender was cancelled."), "success")
    else:
        flash(_("Give a reason for cancelling."), "error")
    return redirect(url_for("tenders.detail", tender_id=tender.id))
