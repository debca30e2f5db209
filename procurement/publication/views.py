"""The public notice and objections; the officer's publication, answers and award; notifications."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.pagecache import cached, register_expiry_source
from procurement.publication import operations as ops
from procurement.publication import queries
from procurement.publication.forms import AnswerForm, ObjectionForm, StandingForm
from procurement.publication.models import Notification, Objection
from procurement.security import SIGNED_IN, roles, upload_limit
from procurement.tenders.forms import GROUP_LABELS
from procurement.tenders.models import Tender, TenderStatus
from procurement.tenders.queries import by_reference

bp = Blueprint("publication", __name__)
bp.record_once(lambda state: register_expiry_source(state.app, queries.next_clock_change))
# Anyone may object, so the evidence gets less room than the app-wide upload limit.
EVIDENCE_LIMIT = 10 * 1024 * 1024

MESSAGES = {
    "not_evaluated": lambda: _("Only an evaluated tender can be publicised."),
    "not_publicised": lambda: _("The candidates of this tender are not under notice."),
    "window_closed": lambda: _("The period for objections has ended."),
    "too_large": lambda: _("The file is larger than 20 MB."),
    "not_pdf": lambda: _("The file is not a PDF (its content was checked, not its name)."),
    "answered": lambda: _("This objection has already been answered."),
    "answer_required": lambda: _("Give the answer with its reasons."),
    "standing_first": lambda: _("Verify the objector's standing first."),
    "window_open": lambda: _("The objection period has not ended yet."),
    "open_objections": lambda: _("An objection is still open: answer it before awarding."),
}

PUBLICISED = {TenderStatus.PUBLICISED, TenderStatus.AWARDED}


def _public_tender(reference: str) -> Tender:
    tender = db.first_or_404(by_reference(reference))
    if tender.status not in PUBLICISED and ops.notice_of(tender) is None:
        abort(404)
    return tender


def _notice_context(tender: Tender) -> dict[str, Any]:
    from procurement import charts
    from procurement.evaluation import operations as ev
    from procurement.evaluation.queries import result_of
    from procurement.opening.operations import submitted_bids

    row = result_of(tender)
    names = {ev.bid_key(bid): bid.insurer.name for bid in ev.opened_bids(tender)}
    result = row.result if row else {"ranking": [], "excluded": []}
    groups: dict[str, dict[str, float]] = {}
    group_of = {c["id"]: c["group"] for c in tender.criteria}
    for entry in result["ranking"]:
        totals: dict[str, float] = {}
        for cid, points in entry["points"].items():
            totals[group_of.get(cid, "")] = round(totals.get(group_of.get(cid, ""), 0) + points, 2)
        groups[entry["bid"]] = totals
    return {
        "tender": tender,
        "notice": ops.notice_of(tender),
        "result": result,
        "names": names,
        "groups": groups,
        "group_keys": [g for g in ("qualification", "service", "terms", "rate", "platform", "price")
                       if any(c["group"] == g for c in tender.criteria)],
        "members": ev.members(tender),
        "opening": submitted_bids(tender),
        "exclusions": ev.exclusions(tender),
        "objections": ops.objections_of(tender),
        "chart": (
            charts.stacked_groups(result, tender.criteria, names, GROUP_LABELS)
            if result["ranking"] else ""
        ),
    }  # fmt: skip


@bp.get("/tenders/<reference>/notice")
@cached
def notice(reference: str) -> Any:
    tender = _public_tender(reference)
    return render_template("publication/notice.html", **_notice_context(tender))


@bp.get("/tenders/<reference>/notice.pdf")
def notice_pdf(reference: str) -> Any:
    from flask import Response

    from procurement.pdf import render_pdf

    tender = _public_tender(reference)
    document = render_pdf("print/notice.html", **_notice_context(tender))
    disposition = f'attachment; filename="notice-{reference}.pdf"'
    return Response(
        document, mimetype="application/pdf", headers={"Content-Disposition": disposition}
    )


@bp.get("/tenders/<reference>/ranking.xlsx")
def ranking_xlsx(reference: str) -> Any:
    import io

    from flask import Response
    from openpyxl import Workbook

    tender = _public_tender(reference)
    context = _notice_context(tender)
    book = Workbook()
    sheet = book.active
    sheet.title = "排名"
    labels = [
        str(context_label)
        for context_label in (_("Rank"), _("Bidder"), _("Price (yuan per elevator per year)"))
    ]
    from procurement.tenders.forms import GROUP_LABELS

    sheet.append(labels + [str(GROUP_LABELS[g]) for g in context["group_keys"]] + [str(_("Total"))])
    for row in context["result"]["ranking"]:
        groups = context["groups"][row["bid"]]
        sheet.append([row["rank"], context["names"][row["bid"]], row["price"]]
                     + [groups.get(g, 0) for g in context["group_keys"]] + [row["total"]])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    disposition = f'attachment; filename="ranking-{reference}.xlsx"'
    return Response(
        buffer.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": disposition},
    )


@bp.route("/tenders/<reference>/objections/new", methods=["GET", "POST"])
@upload_limit(EVIDENCE_LIMIT)
def object_to(reference: str) -> Any:
    tender = _public_tender(reference)
    form = ObjectionForm()
    problem = None
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data = (
            current_user.insurer.name if current_user.insurer else current_user.display_name
        )
        form.contact.data = current_user.email
    if form.validate_on_submit():
        upload = form.evidence.data
        data = upload.read() if upload else None
        try:
            objection = ops.file_objection(
                tender,
                user=current_user if current_user.is_authenticated else None,
                name=form.name.data,
                contact=form.contact.data,
                grounds=form.grounds.data,
                evidence=data or None,
                evidence_filename=(upload.filename if upload else None),
            )
        except ops.PublicationError as error:
            db.session.rollback()
            problem = MESSAGES[error.code]()
        else:
            db.session.commit()
            flash(
                _("Objection %(n)s filed. The answer will be published here.", n=objection.number),
                "success",
            )
            return redirect(url_for("publication.notice", reference=tender.reference))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "publication/object.html", tender=tender, form=form, problem=problem
    ), status


def _officer_tender(tender_id: int) -> Tender:
    tender = db.get_or_404(Tender, tender_id)
    if not tender.can_manage(current_user):
        abort(403)
    return tender


@bp.post("/tenders/<int:tender_id>/publish-candidates")
@roles(Role.OFFICER)
def publish(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    try:
        ops.publish_candidates(tender, current_user)
    except ops.PublicationError as error:
        db.session.rollback()
        flash(MESSAGES[error.code](), "error")
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    db.session.commit()
    flash(_("The candidates are publicised."), "success")
    return redirect(url_for("publication.notice", reference=tender.reference))


@bp.route("/tenders/<int:tender_id>/objections", methods=["GET", "POST"])
@roles(Role.OFFICER)
def objections(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    if request.method == "POST":
        objection = db.get_or_404(Objection, request.form.get("objection_id", type=int))
        if objection.tender_id != tender.id:
            abort(404)
        try:
            if request.form.get("step") == "standing":
                form = StandingForm()
                if not form.validate_on_submit():
                    raise ops.PublicationError("answer_required")
                ops.verify_standing(objection, form.standing.data == "yes")
            else:
                answer = AnswerForm()
                if not answer.validate_on_submit():
                    raise ops.PublicationError("answer_required")
                ops.answer_objection(objection, upheld=answer.decision.data == "upheld",
                                     answer=answer.answer.data, fail_tender=answer.fail_tender.data,
                                     officer=current_user)  # fmt: skip
        except ops.PublicationError as error:
            db.session.rollback()
            flash(MESSAGES[error.code](), "error")
        else:
            db.session.commit()
            flash(_("Saved."), "success")
        return redirect(url_for("publication.objections", tender_id=tender.id))
    return render_template(
        "publication/objections.html",
        tender=tender,
        objections=ops.objections_of(tender),
        answer_form=AnswerForm(),
        standing_form=StandingForm(),
        blockers=ops.award_blockers(tender),
        messages=MESSAGES,
    )


@bp.get("/tenders/<int:tender_id>/objections/<int:number>/evidence")
@roles(Role.OFFICER)
def evidence(tender_id: int, number: int) -> Any:
    from flask import Response

    tender = _officer_tender(tender_id)
    objection = db.first_or_404(
        db.select(Objection).where(Objection.tender_id == tender.id, Objection.number == number)
    )
    if objection.evidence is None:
        abort(404)
    disposition = f'attachment; filename="objection-{tender.reference}-{number}.pdf"'
    return Response(
        objection.evidence, mimetype="application/pdf", headers={"Content-Disposition": disposition}
    )


@bp.post("/tenders/<int:tender_id>/award")
@roles(Role.OFFICER)
def award(tender_id: int) -> Any:
    tender = _officer_tender(tender_id)
    try:
        ops.award(tender, current_user)
    except ops.PublicationError as error:
        db.session.rollback()
        flash(MESSAGES[error.code](), "error")
        return redirect(url_for("publication.objections", tender_id=tender.id))
    db.session.commit()
    flash(_("Awarded. The result is published and every bidder was notified."), "success")
    return redirect(url_for("publication.notice", reference=tender.reference))


@bp.get("/dashboard")
@roles(SIGNED_IN)
def dashboard() -> Any:
    """What awaits the signed-in user, with due dates, and their latest notifications."""
    from procurement import clock
    from procurement.publication.dashboard import tasks_for

    tasks = tasks_for(current_user)
    rows = db.session.scalars(
        db.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(50)
    ).all()
    response = render_template("publication/dashboard.html", tasks=tasks, rows=rows)
    for row in rows:  # shown now: no longer unread
        if row.read_at is None:
            row.read_at = clock.now()
    db.session.commit()
    return response
