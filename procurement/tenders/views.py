"""Tender pages: the public list and announcements; the officer's drafting, publishing and amending."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.keyholders.views import chosen_holders
from procurement.opening.queries import submitted_bids
from procurement.pagecache import cached, register_expiry_source
from procurement.queryargs import paginate
from procurement.security import roles
from procurement.tenders import editor, operations, periods, queries
from procurement.tenders.display import change_label, change_value, tender_state
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
from procurement.tenders.operations import TenderError
from procurement.web import attempt, form_status

bp = Blueprint("tenders", __name__, url_prefix="/tenders")
bp.record_once(lambda state: register_expiry_source(state.app, queries.next_clock_change))


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


def _managed(tender_id: int) -> Tender:
    """The tender an officer manages: 404 if there is none or another office owns it, 403 for
    anyone else."""
    tender = db.get_or_404(Tender, tender_id)
    if not tender.can_manage(current_user):
        abort(404 if tender.hidden_from(current_user) else 403)
    return tender


def _to_detail(tender: Tender, refusal: str | None = None) -> Any:
    """Back to the officer's page of the tender, saying why when a change was refused."""
    if refusal is not None:
        flash(TenderError.message_for(refusal), "error")
    return redirect(url_for("tenders.detail", tender_id=tender.id))


# Public pages ---------------------------------------------------------------------------------


@bp.get("/")
@cached("q", "status", "district", "since", "until", "page")
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
    page = paginate(queries.public_tenders(clock.now(), **filters))
    status = 200 if valid else 400
    return render_template("tenders/index.html", form=form, page=page), status


@bp.get("/<reference>")
@cached
def announcement(reference: str) -> Any:
    tender = db.first_or_404(queries.by_reference(reference))
    if not tender.is_public:
        abort(404)  # a draft does not exist for the public
    return render_template(
        "tenders/announcement.html",
        tender=tender,
        preview=False,
        has_notice=bool(queries.with_notice([tender.id])),
        # The opening record is public once opened (as in the API); the notice links to it too.
        opening=submitted_bids(tender) if tender.opened_at else [],
    )


# Officer pages --------------------------------------------------------------------------------


@bp.get("/manage")
@roles(Role.OFFICER)
def manage() -> Any:
    page = paginate(queries.officer_tenders(current_user))
    return render_template("tenders/manage.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.OFFICER)
def create() -> Any:
    form = TenderForm()
    problems: list[str] = []
    if form.validate_on_submit():
        done = attempt(operations.create_tender, form.values(), current_user)
        if done.ok:
            flash(
                _(
                    "Draft %(ref)s created with the built-in criteria. Review them next.",
                    ref=done.value.reference,
                ),
                "success",
            )
            return redirect(url_for("tenders.criteria", tender_id=done.value.id))
        problems = done.place_on(form)
    page = render_template("tenders/form.html", form=form, tender=None, problems=problems)
    return page, form_status()


@bp.get("/<int:tender_id>/manage")
@roles(Role.OFFICER)
def detail(tender_id: int) -> Any:
    from procurement.publication.next_step import next_step  # the later stages' view of a tender

    tender = _managed(tender_id)
    return render_template(
        "tenders/detail.html", tender=tender, cancel_form=CancelForm(), step=next_step(tender)
    )


@bp.route("/<int:tender_id>/edit", methods=["GET", "POST"])
@roles(Role.OFFICER)
def edit(tender_id: int) -> Any:
    tender = _managed(tender_id)
    if tender.status is not TenderStatus.DRAFT:
        return _to_detail(tender, "not_draft")
    form = TenderForm()
    problems: list[str] = []
    if request.method == "GET":
        form.fill_from(tender)
    elif form.validate_on_submit():
        done = attempt(operations.update_tender, tender, form.values())
        if done.ok:
            flash(_("Saved."), "success")
            return _to_detail(tender)
        problems = done.place_on(form)
    page = render_template("tenders/form.html", form=form, tender=tender, problems=problems)
    return page, form_status()


@bp.route("/<int:tender_id>/criteria", methods=["GET", "POST"])
@roles(Role.OFFICER)
def criteria(tender_id: int) -> Any:
    tender = _managed(tender_id)
    if not (tender.status is TenderStatus.DRAFT or tender.accepts_bids(clock.now())):
        published = tender.status is TenderStatus.PUBLISHED
        return _to_detail(tender, "amend_closed" if published else "not_draft")
    form = CriteriaForm()
    if request.method == "GET":
        editor.fill_form(form, tender.criteria, tender.requirements)
        return _criteria_page(tender, form)
    if not form.validate_on_submit():
        return _criteria_page(tender, form, rejected=True)
    action = request.form.get("action", "save")
    if action != "save":
        form.add_row(action)
        return _criteria_page(tender, form)
    new_criteria, new_requirements, ok = editor.read_form(form)
    if not ok:
        return _criteria_page(tender, form, rejected=True)
    reason = form.reason.data or ""
    done = attempt(
        operations.change_criteria, tender, new_criteria, new_requirements, reason, current_user
    )
    if done.ok:
        flash(_("Criteria saved."), "success")
        return _to_detail(tender)
    return _criteria_page(tender, form, problems=done.place_on(form), status=400)


def _criteria_page(
    tender: Tender,
    form: CriteriaForm,
    *,
    problems: list[str] | None = None,
    rejected: bool = False,
    status: int = 200,
) -> Any:
    """The criteria editor; `rejected` when rows need attention (their messages are below them)."""
    page = render_template(
        "tenders/criteria.html",
        form=form,
        tender=tender,
        problems=problems or [],
        total=form.total_points(),
        amending=tender.status is TenderStatus.PUBLISHED,
        rejected=rejected,
        hint=PARAMETER_HINT,
    )
    return page, 400 if rejected else status


@bp.get("/<int:tender_id>/preview")
@roles(Role.OFFICER)
def preview(tender_id: int) -> Any:
    tender = _managed(tender_id)
    return render_template("tenders/announcement.html", tender=tender, preview=True)


@bp.post("/<int:tender_id>/publish")
@roles(Role.OFFICER)
def publish(tender_id: int) -> Any:
    tender = _managed(tender_id)  # the CSRF token was checked by CSRFProtect
    holders, threshold = chosen_holders()
    done = attempt(operations.publish_tender, tender, holders, threshold)
    if done.ok:
        flash(_("Published: the announcement is public."), "success")
    done.flash_problems()
    return _to_detail(tender)


@bp.route("/<int:tender_id>/amend", methods=["GET", "POST"])
@roles(Role.OFFICER)
def amend(tender_id: int) -> Any:
    tender = _managed(tender_id)
    if not tender.accepts_bids(clock.now()):
        return _to_detail(tender, "amend_closed")
    form = AmendmentForm()
    problems: list[str] = []
    if request.method == "GET":
        form.fill_from(tender)
    elif form.validate_on_submit():
        reason = form.reason.data or ""
        done = attempt(operations.amend_tender, tender, form.values(), None, reason, current_user)
        if done.ok:
            message = _("Amendment %(n)s published.", n=done.value.number)
            if done.value.deadline_moved:
                message += " " + _(
                    "The deadline moved so that bidders keep the legal minimum time."
                )
            flash(message, "success")
            return _to_detail(tender)
        problems = done.place_on(form)
    days = periods.amendment_period(tender).days
    page = render_template(
        "tenders/amend.html", form=form, tender=tender, problems=problems, amendment_days=days
    )
    return page, form_status()


@bp.post("/<int:tender_id>/cancel")
@roles(Role.OFFICER)
def cancel(tender_id: int) -> Any:
    tender = _managed(tender_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for cancelling."), "error")
        return _to_detail(tender)
    done = attempt(operations.cancel_tender, tender, form.reason.data or "")
    if done.ok:
        flash(_("The tender was cancelled."), "success")
    done.flash_problems()
    return _to_detail(tender)
