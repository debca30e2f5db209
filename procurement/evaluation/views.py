"""Evaluation pages: the officer's committee and qualification review, the members' declaration,
compliance review and scoring, the chair's overview and flag decisions, signatures and the report."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role, User
from procurement.bids.models import Bid
from procurement.evaluation import operations as ops
from procurement.evaluation import queries
from procurement.evaluation.forms import (
    CommitteeForm,
    ConfirmForm,
    DeclarationForm,
    FlagForm,
    SignForm,
)
from procurement.evaluation.models import (
    CommitteeMember,
    FlagKind,
    FlagResolution,
    ReviewKind,
    ScoresheetStatus,
)
from procurement.extensions import db
from procurement.security import roles
from procurement.tenders.forms import GROUP_LABELS
from procurement.tenders.models import Tender, TenderStatus

bp = Blueprint("evaluation", __name__, url_prefix="/evaluation")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {"bid_value": bid_value}


def bid_value(criterion: dict[str, Any], bid: Bid) -> str:
    """The bid's value an objective criterion scores, as the comparison view shows it."""
    from procurement.bids.fields import SOURCES_BY_KEY, source_value

    source = criterion.get("source")
    if not source or bid.opened_content is None:
        return ""
    value = source_value(source, bid.opened_content)
    if isinstance(value, list):
        labels = dict(SOURCES_BY_KEY[source].items)
        return "、".join(str(labels.get(item, item)) for item in value) or "—"
    return f"{value:g}"


MESSAGES = {
    "not_opened": lambda d: _("The tender has not been opened."),
    "committee_size": lambda d: _(
        "The committee needs an odd number of members, at least %(n)s.", n=d["minimum"]
    ),
    "not_members": lambda d: _("Only active committee-member accounts can sit on a committee."),
    "chair_not_member": lambda d: _("The chair must be one of the members."),
    "scoring_started": lambda d: _("Scoring has started: this can no longer change."),
    "conflicted_member": lambda d: _("%(name)s declared a conflict of interest.", name=d["name"]),
    "not_seated": lambda d: _("You do not sit on this committee."),
    "already_declared": lambda d: _("You have already declared."),
    "conflict_note_required": lambda d: _("Describe the conflict of interest."),
    "not_reviewable": lambda d: _("This bid is not under this review."),
    "review_incomplete": lambda d: _("Decide every requirement."),
    "reason_required": lambda d: _("Give the reason for every failed requirement."),
    "must_declare": lambda d: _("Declare your conflicts of interest before seeing the bids."),
    "not_ready": lambda d: _("Scoring starts once both reviews are complete."),
    "locked": lambda d: _("Your scoresheet is submitted and locked."),
    "unknown_score": lambda d: _("A score refers to an unknown bid or criterion."),
    "bad_points": lambda d: _("Some points are outside the allowed range or levels."),
    "incomplete": lambda d: _("%(n)s scores are still missing.", n=d["missing"]),
    "not_all_submitted": lambda d: _("Not every member has submitted a scoresheet."),
    "finalised": lambda d: _("The evaluation is finalised."),
    "explanation_required": lambda d: _("Write the explanation or decision."),
    "majority_required": lambda d: _(
        "Replacement needs more than half of the %(n)s members.", n=d["seated"]
    ),
    "bad_decision": lambda d: _("This decision does not fit this flag."),
    "already_signed": lambda d: _("You have already signed."),
    "not_finalised": lambda d: _("The chair has not finalised the ranking yet."),
    "flags_pending": lambda d: _("%(n)s flags still need a decision.", n=d["count"]),
}


def message(error: ops.EvaluationError) -> str:
    return MESSAGES[error.code](error.details)


def _tender(tender_id: int) -> Tender:
    tender = db.get_or_404(Tender, tender_id)
    if tender.opened_at is None or tender.status is TenderStatus.FAILED:
        abort(404)  # nothing to evaluate, and nothing to see before the opening
    return tender


def _officer_tender(tender_id: int) -> Tender:
    tender = _tender(tender_id)
    if not tender.can_manage(current_user):
        abort(403)
    return tender


def _seat(tender: Tender) -> CommitteeMember:
    seat = ops.seat_of(tender, current_user)
    if seat is None or seat.removed:
        abort(403)
    return seat


def _chair(tender: Tender) -> CommitteeMember:
    seat = _seat(tender)
    if not seat.is_chair:
        abort(403)
    return seat


def _viewer_may_see_bids(tender: Tender) -> bool:
    if current_user.role is Role.OFFICER:
        return True
    seat = ops.seat_of(tender, current_user)
    return seat is not None and seat.may_score


# Officer ---------------------------------------------------------------------------------------


@bp.route("/<int:tender_id>", methods=["GET"])
@roles(Role.OFFICER, Role.MEMBER)
def dashboard(tender_id: int) -> Any:
    tender = _tender(tender_id)
    seat = ops.seat_of(tender, current_user)
    if current_user.role is Role.MEMBER and (seat is None or seat.removed):
        abort(403)
    if current_user.role is Role.MEMBER and seat is not None and seat.declared_at is None:
        return redirect(url_for("evaluation.declare", tender_id=tender.id))
    results = ops.review_results(tender)
    return render_template(
        "evaluation/dashboard.html",
        tender=tender,
        seat=seat,
        seats=ops.members(tender, active_only=False),
        bids=ops.opened_bids(tender),
        results=results,
        exclusions=ops.exclusions(tender),
        ReviewKind=ReviewKind,
        qualification_done=ops.review_complete(tender, ReviewKind.QUALIFICATION),
        compliance_done=ops.review_complete(tender, ReviewKind.COMPLIANCE),
        ready=ops.ready_to_score(tender),
        # Reviews can be recorded or corrected until the first score is saved.
        reviews_open=tender.status is TenderStatus.OPENED
        and not any(ops.scoresheet_of(s) for s in ops.members(tender)),
        all_submitted=ops.all_submitted(tender),
        sheet_of=ops.scoresheet_of,
        result=queries.result_of(tender),
        confirm_form=ConfirmForm(),
    )


@bp.route("/<int:tender_id>/committee", methods=["GET", "POST"])
@roles(Role.OFFICER)
def committee(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    candidates = db.session.scalars(
        db.select(User)
        .where(User.role == Role.MEMBER, User.active.is_(True))
        .order_by(User.display_name)
    ).all()
    form = CommitteeForm()
    choices = [(user.id, f"{user.display_name}（{user.username}）") for user in candidates]
    form.members.choices = choices
    form.chair.choices = choices
    if request.method == "GET":
        seats = ops.members(tender)
        form.members.data = [seat.user_id for seat in seats]
        form.chair.data = next((seat.user_id for seat in seats if seat.is_chair), None)
    problem = None
    if form.validate_on_submit():
        users = [db.session.get(User, user_id) for user_id in form.members.data]
        try:
            ops.assign_committee(tender, users, db.session.get(User, form.chair.data))
        except ops.EvaluationError as error:
            db.session.rollback()
            problem = message(error)
        else:
            db.session.commit()
            flash(_("The committee is seated."), "success")
            return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "evaluation/committee.html", tender=tender, form=form, problem=problem
    ), status


def _read_review(
    kind: ReviewKind, tender: Tender
) -> tuple[dict[str, tuple[bool, str]], dict[str, str]]:
    decisions: dict[str, tuple[bool, str]] = {}
    errors: dict[str, str] = {}
    for requirement in ops.requirements(tender, kind):
        key = requirement["id"]
        verdict = request.form.get(f"r-{key}")
        reason = request.form.get(f"r-{key}-reason", "").strip()
        if verdict not in {"pass", "fail"}:
            errors[key] = _("Choose pass or fail.")
            continue
        if verdict == "fail" and not reason:
            errors[key] = _("Give the reason for the failure.")
        decisions[key] = (verdict == "pass", reason)
    return decisions, errors


@bp.route("/<int:tender_id>/review/<kind>/<int:bid_id>", methods=["GET", "POST"])
@roles(Role.OFFICER, Role.MEMBER)
def review(tender_id: int, kind: str, bid_id: int) -> Any:
    tender = _tender(tender_id)
    try:
        review_kind = ReviewKind(kind)
    except ValueError:
        abort(404)
    # Qualification is the purchaser's review; compliance is recorded by the committee's chair.
    if review_kind is ReviewKind.QUALIFICATION:
        if not tender.can_manage(current_user):
            abort(403)
    else:
        _chair(tender)
        if not _seat(tender).may_score:
            return redirect(url_for("evaluation.declare", tender_id=tender.id))
    bid = db.get_or_404(Bid, bid_id)
    if bid.tender_id != tender.id:
        abort(404)
    errors: dict[str, str] = {}
    problem = None
    if request.method == "POST":
        decisions, errors = _read_review(review_kind, tender)
        if not errors:
            try:
                ops.record_review(tender, bid, review_kind, decisions, current_user)
            except ops.EvaluationError as error:
                db.session.rollback()
                problem = message(error)
            else:
                db.session.commit()
                flash(_("Review of %(name)s saved.", name=bid.insurer.name), "success")
                return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    results = ops.review_results(tender)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "evaluation/review.html",
        tender=tender,
        bid=bid,
        kind=review_kind,
        requirements=ops.requirements(tender, review_kind),
        results=results,
        errors=errors,
        problem=problem,
        form_values=request.form,
    ), status


# Members ---------------------------------------------------------------------------------------


@bp.get("/mine")
@roles(Role.MEMBER)
def mine() -> Any:
    return render_template("evaluation/mine.html", seats=queries.my_seats(current_user))


@bp.route("/<int:tender_id>/declare", methods=["GET", "POST"])
@roles(Role.MEMBER)
def declare(tender_id: int) -> Any:
    tender = _tender(tender_id)
    seat = _seat(tender)
    if seat.declared_at is not None:
        return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    form = DeclarationForm()
    bidders = [bid.insurer.name for bid in ops.opened_bids(tender)]
    if form.validate_on_submit():
        try:
            ops.declare(seat, form.conflict.data == "yes", form.note.data or "")
        except ops.EvaluationError as error:
            db.session.rollback()
            form.note.errors = [*form.note.errors, message(error)]
        else:
            db.session.commit()
            if seat.has_conflict:
                flash(
                    _("Your withdrawal is recorded. The officer will seat a replacement."), "info"
                )
                return redirect(url_for("evaluation.mine"))
            flash(_("Declaration recorded."), "success")
            return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "evaluation/declare.html", tender=tender, form=form, bidders=bidders
    ), status


def _review_lookup(tender: Tender) -> Any:
    results = ops.review_results(tender)

    def review_of(bid_id: int, kind: str, requirement_id: str) -> Any:
        return results.get((bid_id, ReviewKind(kind), requirement_id))

    return review_of


def _read_scores(tender: Tender) -> tuple[dict[tuple[int, str], Decimal | None], dict[str, str]]:
    values: dict[tuple[int, str], Decimal | None] = {}
    errors: dict[str, str] = {}
    for bid in ops.compliant_bids(tender):
        for criterion in ops.subjective_criteria(tender):
            name = f"s-{bid.id}-{criterion['id']}"
            text = request.form.get(name, "").strip()
            if not text:
                values[(bid.id, criterion["id"])] = None
                continue
            try:
                values[(bid.id, criterion["id"])] = Decimal(text)
            except InvalidOperation:
                errors[name] = _("Not a number.")
    return values, errors


@bp.route("/<int:tender_id>/score", methods=["GET", "POST"])
@roles(Role.MEMBER)
def score(tender_id: int) -> Any:
    tender = _tender(tender_id)
    seat = _seat(tender)
    if not seat.may_score:
        return redirect(url_for("evaluation.declare", tender_id=tender.id))
    if not ops.ready_to_score(tender):
        flash(message(ops.EvaluationError("not_ready")), "info")
        return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    sheet = ops.scoresheet_of(seat)
    errors: dict[str, str] = {}
    problem = None
    if request.method == "POST":
        values, errors = _read_scores(tender)
        if not errors:
            try:
                ops.save_scores(seat, values)
            except ops.EvaluationError as error:
                db.session.rollback()
                problem = message(error)
                for (bid_id, criterion_id), code in error.details.get("problems", {}).items():
                    errors[f"s-{bid_id}-{criterion_id}"] = (
                        _("Choose one of the levels.")
                        if code == "not_a_level"
                        else _("Out of range.")
                    )
            else:
                db.session.commit()  # what was typed is kept, even if submission fails below
                if request.form.get("action") != "submit":
                    flash(_("Saved."), "success")
                    return redirect(url_for("evaluation.score", tender_id=tender.id))
                try:
                    ops.submit_scoresheet(seat)
                except ops.EvaluationError as error:
                    db.session.rollback()
                    problem = message(error)
                else:
                    db.session.commit()
                    flash(_("Scoresheet submitted and locked."), "success")
                    return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
        sheet = ops.scoresheet_of(seat)
    mine = {(s.bid_id, s.criterion_id): s.points for s in (sheet.scores if sheet else [])}
    status = 400 if request.method == "POST" else 200
    return render_template(
        "evaluation/score.html",
        tender=tender,
        bids=ops.compliant_bids(tender),
        review_of=_review_lookup(tender),
        requirement_rows={kind.value: ops.requirements(tender, kind) for kind in ReviewKind},
        objective=queries.objective_points(tender),
        mine=mine,
        typed=request.form if request.method == "POST" else {},
        errors=errors,
        problem=problem,
        locked=sheet is not None and sheet.status is ScoresheetStatus.SUBMITTED,
    ), status


# The chair and the result ------------------------------------------------------------------------


@bp.get("/<int:tender_id>/overview")
@roles(Role.OFFICER, Role.MEMBER)
def overview(tender_id: int) -> Any:
    tender = _tender(tender_id)
    if current_user.role is Role.MEMBER:
        _chair(tender)
    elif not tender.can_manage(current_user):
        abort(403)
    if not ops.all_submitted(tender):
        flash(message(ops.EvaluationError("not_all_submitted")), "info")
        return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    row = queries.result_of(tender)
    if row is None:
        row = ops.compute_result(tender)
        db.session.commit()
    bids = {ops.bid_key(bid): bid for bid in ops.opened_bids(tender)}
    seats = {ops.member_key(seat): seat for seat in ops.members(tender)}
    names = {key: bid.insurer.name for key, bid in bids.items()}
    decided = {
        (decision.kind, decision.bid_id, decision.member_id): decision
        for decision in ops.flag_decisions(tender)
    }
    from procurement import charts

    # Grouped once here: the template would otherwise filter the flags for every table cell.
    flagged = {(f["member"], f["bid"], f["criterion"]) for f in row.result["outliers"]}
    outlier_pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for flag in row.result["outliers"]:
        outlier_pairs.setdefault((flag["member"], flag["bid"]), []).append(flag)
    return render_template(
        "evaluation/overview.html",
        flagged=flagged,
        outlier_pairs=outlier_pairs,
        tender=tender,
        result=row.result,
        finalised=row.finalised_at is not None,
        bids=bids,
        seats=seats,
        names=names,
        points=queries.member_points(tender),
        decided=decided,
        FlagKind=FlagKind,
        flag_form=FlagForm(),
        topsis=queries.topsis_cross_check(row.result, row.spec["criteria"]),
        reading=queries.plain_reading(row.result, names),
        group_chart=charts.stacked_groups(row.result, tender.criteria, names, GROUP_LABELS),
        acceptability_chart=charts.rank_acceptability(row.result, names),
        is_chair=current_user.role is Role.MEMBER,
        confirm_form=ConfirmForm(),
    )


@bp.post("/<int:tender_id>/flags")
@roles(Role.MEMBER)
def decide_flag(tender_id: int) -> Any:
    tender = _tender(tender_id)
    _chair(tender)
    form = FlagForm()
    kind = FlagKind(request.form.get("kind", "outlier"))
    form.resolution.choices = [(r.value, r.value) for r in FlagResolution]
    bid = db.get_or_404(Bid, request.form.get("bid_id", type=int))
    seat = db.session.get(CommitteeMember, request.form.get("member_id", type=int) or 0)
    if bid.tender_id != tender.id or (seat is not None and seat.tender_id != tender.id):
        abort(404)
    if not form.validate_on_submit():
        flash(_("Write the explanation or decision."), "error")
    else:
        try:
            ops.decide_flag(
                tender,
                kind=kind,
                bid=bid,
                seat=seat,
                resolution=FlagResolution(form.resolution.data),
                explanation=form.explanation.data,
                votes_for=form.votes_for.data,
                chair=current_user,
            )
        except ops.EvaluationError as error:
            db.session.rollback()
            flash(message(error), "error")
        else:
            db.session.commit()
            flash(_("Decision recorded; the ranking was recomputed."), "success")
    return redirect(url_for("evaluation.overview", tender_id=tender.id))


@bp.post("/<int:tender_id>/finalise")
@roles(Role.MEMBER)
def finalise(tender_id: int) -> Any:
    tender = _tender(tender_id)
    seat = _chair(tender)
    try:
        ops.finalise(tender, seat.user)
    except ops.EvaluationError as error:
        db.session.rollback()
        flash(message(error), "error")
        return redirect(url_for("evaluation.overview", tender_id=tender.id))
    db.session.commit()
    flash(
        _("The ranking is final. Every member now signs the report or records dissent."), "success"
    )
    return redirect(url_for("evaluation.sign", tender_id=tender.id))


@bp.route("/<int:tender_id>/sign", methods=["GET", "POST"])
@roles(Role.MEMBER)
def sign(tender_id: int) -> Any:
    tender = _tender(tender_id)
    seat = _seat(tender)
    form = SignForm()
    signed = ops.signatures(tender).get(seat.id)
    problem = None
    if request.method == "POST" and form.validate_on_submit():
        if not form.agree.data:
            form.agree.errors = [*form.agree.errors, _("Tick the box to sign.")]
        else:
            try:
                ops.sign_report(seat, form.dissent.data or "")
            except ops.EvaluationError as error:
                db.session.rollback()
                problem = message(error)
            else:
                db.session.commit()
                flash(_("Signed."), "success")
                return redirect(url_for("evaluation.dashboard", tender_id=tender.id))
    result = queries.result_of(tender)
    names = {ops.bid_key(bid): bid.insurer.name for bid in ops.opened_bids(tender)}
    status = 400 if request.method == "POST" else 200
    return render_template(
        "evaluation/sign.html",
        tender=tender,
        form=form,
        signed=signed,
        result=result.result if result else None,
        finalised=result is not None and result.finalised_at is not None,
        names=names,
        problem=problem,
    ), status


def _may_read_report(tender: Tender) -> bool:
    if tender.can_manage(current_user):
        return True
    seat = ops.seat_of(tender, current_user)
    return seat is not None and not seat.removed


@bp.get("/<int:tender_id>/report.pdf")
@roles(Role.OFFICER, Role.MEMBER)
def report_pdf(tender_id: int) -> Any:
    tender = _tender(tender_id)
    if not _may_read_report(tender):
        abort(403)
    row = queries.result_of(tender)
    if row is None or row.report_sha256 is None:
        abort(404)
    return Response(
        row.report_pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="evaluation-report-{tender.reference}.pdf"',
            "X-Content-SHA256": row.report_sha256,
        },
    )


@bp.get("/<int:tender_id>/scores.xlsx")
@roles(Role.OFFICER, Role.MEMBER)
def scores_xlsx(tender_id: int) -> Any:
    from procurement.evaluation.report import score_sheet

    tender = _tender(tender_id)
    if not _may_read_report(tender) or not ops.all_submitted(tender):
        abort(403 if not _may_read_report(tender) else 404)
    return Response(
        score_sheet(tender),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="scores-{tender.reference}.xlsx"'},
    )
