"""The public notice and objections; the officer's publication, answers and award; notifications."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procurement import charts
from procurement.accounts.models import Role
from procurement.bids.fields import AGE_BANDS, APPROVAL_ITEMS
from procurement.downloads import PDF, XLSX, send_download
from procurement.extensions import db
from procurement.jobs.views import stored_or_preparing
from procurement.pagecache import cached, register_expiry_source
from procurement.publication import documents, letters, queries
from procurement.publication import operations as ops
from procurement.publication import rules as periods
from procurement.publication.forms import AnswerForm, ObjectionForm, StandingForm, TieForm
from procurement.rulesets.queries import rules_of
from procurement.security import SIGNED_IN, roles, upload_limit
from procurement.tenders.forms import GROUP_LABELS
from procurement.tenders.models import Tender, TenderMethod, TenderStatus
from procurement.tenders.queries import by_reference
from procurement.web import Outcome, attempt, form_status

bp = Blueprint("publication", __name__)
bp.record_once(lambda state: register_expiry_source(state.app, queries.next_clock_change))
# Anyone may object, so the evidence gets less room than the app-wide upload limit.
EVIDENCE_LIMIT = 10 * 1024 * 1024

PUBLICISED = {TenderStatus.PUBLICISED, TenderStatus.AWARDED}


def load(reference: str | None = None, *, tender_id: int | None = None) -> Tender:
    """The tender of a page: by reference on the public pages (404 until its candidates were
    publicised), by id on the officer's (403 unless the user manages it, 404 for another office's)."""
    if tender_id is not None:
        tender = db.get_or_404(Tender, tender_id)
        if not tender.can_manage(current_user):
            abort(404 if tender.hidden_from(current_user) else 403)
        return tender
    found = db.first_or_404(by_reference(reference or ""))
    if found.status not in PUBLICISED and queries.notice_of(found) is None:
        abort(404)
    return found


def _notice_page(tender: Tender) -> dict[str, Any]:
    view = queries.notice_view(tender)
    ranked = view.result["ranking"]
    chart = (
        charts.stacked_groups(view.result, tender.criteria, view.names, GROUP_LABELS)
        if ranked
        else ""
    )
    notice = view.context().get("notice")
    award_due = periods.award_due(tender, notice.objections_close_at) if notice else None
    admitted = queries.admitted_of(notice) if notice and notice.awarded_at else []
    return view.context() | {
        "chart": chart, "rules": rules_of(tender), "award_due": award_due, "admitted": admitted
    }  # fmt: skip


# Public pages -----------------------------------------------------------------------------------


@bp.get("/tenders/<reference>/notice")
@cached
def notice(reference: str) -> Any:
    return render_template("publication/notice.html", **_notice_page(load(reference)))


@bp.get("/tenders/<reference>/notice.pdf")
def notice_pdf(reference: str) -> Any:
    """The stored document; while a job prepares it, a page that follows the job (never rendered
    here). A notice from before documents were stored gets its job on first request."""
    tender = load(reference)
    notice = queries.notice_of(tender)
    if notice is None:
        abort(404)
    return stored_or_preparing(
        notice.document, f"notice-{tender.reference}.pdf", lambda: documents.wanted(notice),
        _("Notice of %(reference)s (PDF)", reference=tender.reference), mimetype=PDF,
    )  # fmt: skip


@bp.get("/admitted")
@cached("district")
def admitted() -> Any:
    """The insurers and products user units and communities may choose from, by district (入围名单)."""
    district = request.args.get("district", "").strip()[:40] or None
    products, districts = queries.admitted_list(district)
    if district is not None and district not in districts:
        abort(404)
    return render_template(
        "publication/admitted.html", products=products, districts=districts, district=district,
        age_bands=AGE_BANDS, approvals=dict(APPROVAL_ITEMS),
    )  # fmt: skip


@bp.get("/tenders/<reference>/ranking.xlsx")
def ranking_xlsx(reference: str) -> Any:
    """The stored workbook of the notice's ranking (prepared with its PDF, never rendered here)."""
    tender = load(reference)
    notice = queries.notice_of(tender)
    if notice is None:
        abort(404)
    return stored_or_preparing(
        notice.spreadsheet, f"ranking-{tender.reference}.xlsx", lambda: documents.wanted(notice),
        _("Ranking of %(reference)s (XLSX)", reference=tender.reference), mimetype=XLSX,
    )  # fmt: skip


@bp.route("/tenders/<reference>/objections/new", methods=["GET", "POST"])
@upload_limit(EVIDENCE_LIMIT)
def object_to(reference: str) -> Any:
    tender = load(reference)
    form = ObjectionForm()
    signed_in = current_user.is_authenticated
    if request.method == "GET" and signed_in:
        insurer = current_user.insurer
        form.name.data = insurer.name if insurer else current_user.display_name
        form.contact.data = current_user.email
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.evidence.data
        evidence = upload.read() if upload else None
        done = attempt(ops.file_objection, tender, user=current_user if signed_in else None,
                       name=form.name.data or "", contact=form.contact.data or "",
                       grounds=form.grounds.data or "", evidence=evidence or None,
                       evidence_filename=upload.filename if upload else None)  # fmt: skip
        if done.ok:
            text = _(
                "Objection %(n)s filed. The answer will be published here.", n=done.value.number
            )
            flash(text, "success")
            return redirect(url_for("publication.notice", reference=tender.reference))
        problems = done.place_on(form)
    page = render_template("publication/object.html", tender=tender, form=form, problems=problems)
    return page, form_status()


# The officer's pages ----------------------------------------------------------------------------


@bp.post("/tenders/<int:tender_id>/publish-candidates")
@roles(Role.OFFICER)
def publish(tender_id: int) -> Any:
    tender = load(tender_id=tender_id)
    done = attempt(ops.publish_candidates, tender, current_user)
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    flash(_("The candidates are publicised."), "success")
    return redirect(url_for("publication.notice", reference=tender.reference))


@bp.route("/tenders/<int:tender_id>/objections", methods=["GET", "POST"])
@roles(Role.OFFICER)
def objections(tender_id: int) -> Any:
    tender = load(tender_id=tender_id)
    if request.method == "POST":
        done = _decide(tender)
        if done.ok:
            flash(_("Saved."), "success")
        done.flash_problems()
        return redirect(url_for("publication.objections", tender_id=tender.id))
    blockers = queries.award_blockers(tender)
    return render_template(
        "publication/objections.html",
        tender=tender,
        objections=queries.objections_of(tender),
        answer_form=AnswerForm(),
        standing_form=StandingForm(),
        blocker=ops.PublicationError.message_for(blockers[0]) if blockers else None,
        tie_form=_tie_form(tender) if "tied_first" in blockers else None,
        rules=rules_of(tender),
    )


def _tie_form(tender: Tender) -> TieForm:
    notice = queries.notice_of(tender)
    names = notice.result.get("names", {}) if notice is not None else {}
    form = TieForm()
    form.winner.choices = [(key, names.get(key, key)) for key in queries.tied_bids(tender)]
    return form


@bp.post("/tenders/<int:tender_id>/settle-tie")
@roles(Role.OFFICER)
def settle_tie(tender_id: int) -> Any:
    tender = load(tender_id=tender_id)
    form = _tie_form(tender)
    if not form.validate_on_submit():
        flash(ops.PublicationError.message_for("reason_required"), "error")
        return redirect(url_for("publication.objections", tender_id=tender.id))
    done = attempt(ops.settle_tie, tender, form.winner.data or "", form.reason.data or "",
                   form.witnesses.data or "", current_user)  # fmt: skip
    if done.ok:
        flash(_("The tie is settled: the chosen bid takes first place for the award."), "success")
    done.flash_problems()
    return redirect(url_for("publication.objections", tender_id=tender.id))


def _decide(tender: Tender) -> Outcome[None]:
    """One step on one objection: verify the objector's standing, or publish the answer."""
    objection = queries.objection_of(tender, request.form.get("objection_id", type=int))
    if objection is None:
        abort(404)
    if request.form.get("step") == "standing":
        standing = StandingForm()
        if standing.validate_on_submit():
            return attempt(ops.verify_standing, objection, standing.standing.data == "yes")
    else:
        form = AnswerForm()
        if form.validate_on_submit():
            return attempt(ops.answer_objection, objection, upheld=form.decision.data == "upheld",
                           answer=form.answer.data or "", fail_tender=bool(form.fail_tender.data),
                           officer=current_user)  # fmt: skip
    return Outcome(error=ops.PublicationError("answer_required"))


@bp.get("/tenders/<int:tender_id>/objections/<int:number>/evidence")
@roles(Role.OFFICER)
def evidence(tender_id: int, number: int) -> Any:
    tender = load(tender_id=tender_id)
    objection = queries.objection_numbered(tender, number)
    if objection is None or objection.evidence is None:
        abort(404)
    filename = f"objection-{tender.reference}-{number}.pdf"
    return send_download(objection.evidence, filename, mimetype=PDF)


@bp.post("/tenders/<int:tender_id>/award")
@roles(Role.OFFICER)
def award(tender_id: int) -> Any:
    tender = load(tender_id=tender_id)
    done = attempt(ops.award, tender, current_user)
    if not done.ok:
        done.flash_problems()
        return redirect(url_for("publication.objections", tender_id=tender.id))
    if tender.method is TenderMethod.COMPETITIVE_CONSULTATION:  # 确定成交, not 中标
        flash(
            _("Contract awarded. The result is published and every bidder was notified."), "success"
        )
    else:
        flash(_("Awarded. The result is published and every bidder was notified."), "success")
    return redirect(url_for("publication.notice", reference=tender.reference))


# Bidders ----------------------------------------------------------------------------------------


@bp.get("/tenders/<reference>/letter")
@roles(Role.INSURER)
def letter(reference: str) -> Any:
    """The bidder's letter of an awarded tender: 中标/成交通知书 for the winner, else 结果通知书."""
    tender = load(reference)
    notice = queries.notice_of(tender)
    bids = queries.letter_bids(tender, current_user)
    if notice is None or bids is None:
        abort(404)
    written = letters.letter_for(tender, notice, *bids)
    filename = f"{written.title}-{tender.reference}.pdf"
    return send_download(letters.render_letter(written), filename, mimetype=PDF, inline=True)


# Every signed-in user ---------------------------------------------------------------------------


@bp.get("/dashboard")
@roles(SIGNED_IN)
def dashboard() -> Any:
    """What awaits the signed-in user, with due dates, and their latest notifications."""
    from procurement.publication.dashboard import tasks_for

    rows = queries.latest_notifications(current_user)
    page = render_template("publication/dashboard.html", tasks=tasks_for(current_user), rows=rows)
    attempt(ops.mark_read, rows)  # shown now (as new): no longer unread
    return page
