"""The bureaus' pages: the dashboard, the ledger and procedures (city bureau), and a community's
eligibility (district bureau)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+; its stubs lag

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.labels import label
from procurement.register.models import Community
from procurement.security import roles, upload_limit
from procurement.shaoguan import ledger, operations, queries
from procurement.shaoguan.blueprint import bp, bureau_community, managed_programme
from procurement.shaoguan.forms import (
    AllocationForm,
    DocumentForm,
    EvidenceForm,
    IncomeForm,
    PartiesForm,
    ReversalForm,
)
from procurement.shaoguan.models import Condition, Programme
from procurement.web import attempt, form_status

ZERO = Decimal(0)
UPLOAD = 21 * 1024 * 1024
STAFF = (Role.OFFICER, Role.COMMUNITY, Role.INSURER)


@bp.get("/")
@roles(*STAFF)
def dashboard() -> Any:
    rows = []
    for programme in queries.programmes():
        eligibilities = queries.eligibilities(programme)
        communities = [
            (c, eligibilities.get(c.id)) for c in queries.communities_in(programme)
            if programme.can_act_on(current_user, c)
            or (c.id in eligibilities and eligibilities[c.id].may_propose(current_user))
        ]  # fmt: skip
        rows.append((programme, programme.can_manage(current_user), communities))
    proposals = queries.visible_proposals(current_user)
    return render_template("shaoguan/dashboard.html", rows=rows, proposals=proposals)


def _ledger_page(programme: Programme, problems: list[str] | None = None, **forms: Any) -> Any:
    allocation = forms.get("allocation") or AllocationForm(prefix="allocation")
    allocation.community.choices = [
        SelectChoice(c.id, c.name) for c in queries.communities_in(programme)
    ]
    page = render_template(
        "shaoguan/ledger.html", programme=programme, entries=queries.ledger(programme),
        figures=queries.figures(programme), documents=queries.documents(programme),
        income=forms.get("income") or IncomeForm(prefix="income"), allocation=allocation,
        reversal=ReversalForm(prefix="reversal"), document=forms.get("document") or DocumentForm(),
        reversed_ids={e.reverses_id for e in queries.ledger(programme) if e.reverses_id},
        problems=problems or [],
    )  # fmt: skip
    return page, form_status()


@bp.get("/<int:programme_id>/ledger")
@roles(Role.OFFICER)
def ledger_page(programme_id: int) -> Any:
    return _ledger_page(managed_programme(programme_id))


@bp.post("/<int:programme_id>/ledger/income")
@roles(Role.OFFICER)
@upload_limit(UPLOAD)
def post_income(programme_id: int) -> Any:
    programme = managed_programme(programme_id)
    form = IncomeForm(prefix="income")
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.statement.data
        amount = form.amount.data or ZERO
        done = attempt(ledger.post_income, programme, year=form.year.data or 0, amount=amount,
                       statement=upload.read() if upload else None,
                       statement_filename=upload.filename if upload else None,
                       memo=form.memo.data or "", user=current_user)  # fmt: skip
        if done.ok:
            flash(_("Income posted."), "success")
            return redirect(url_for("shaoguan.ledger_page", programme_id=programme.id))
        problems = done.place_on(form)
    return _ledger_page(programme, problems, income=form)


@bp.post("/<int:programme_id>/ledger/allocate")
@roles(Role.OFFICER)
def allocate(programme_id: int) -> Any:
    programme = managed_programme(programme_id)
    form = AllocationForm(prefix="allocation")
    form.community.choices = [SelectChoice(c.id, c.name) for c in queries.communities_in(programme)]
    problems: list[str] = []
    if form.validate_on_submit():
        community = db.session.get(Community, form.community.data)
        done = attempt(ledger.allocate, programme, community, form.amount.data or ZERO,
                       memo=form.memo.data or "", user=current_user)  # fmt: skip
        if done.ok:
            flash(_("Income allocated."), "success")
            return redirect(url_for("shaoguan.ledger_page", programme_id=programme.id))
        problems = done.place_on(form)
    return _ledger_page(programme, problems, allocation=form)


@bp.post("/<int:programme_id>/ledger/<int:entry_id>/reverse")
@roles(Role.OFFICER)
def reverse(programme_id: int, entry_id: int) -> Any:
    programme = managed_programme(programme_id)
    entry = queries.entry_of(programme, entry_id)
    form = ReversalForm(prefix="reversal")
    if entry is None:
        return _ledger_page(programme, [_("No such entry.")])
    if not form.validate_on_submit():
        return _ledger_page(programme, [_("Give the reason for the correction.")])
    done = attempt(ledger.reverse, entry, memo=form.memo.data or "", user=current_user)
    if not done.ok:
        return _ledger_page(programme, done.error.problems if done.error else [])
    flash(_("Entry reversed."), "success")
    return redirect(url_for("shaoguan.ledger_page", programme_id=programme.id))


@bp.post("/<int:programme_id>/documents")
@roles(Role.OFFICER)
@upload_limit(UPLOAD)
def upload_document(programme_id: int) -> Any:
    programme = managed_programme(programme_id)
    form = DocumentForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.document.data
        done = attempt(operations.upload_document, programme, title=form.title.data or "",
                       filename=upload.filename if upload else "",
                       data=upload.read() if upload else None, user=current_user)  # fmt: skip
        if done.ok:
            flash(_("Document published."), "success")
            return redirect(url_for("shaoguan.ledger_page", programme_id=programme.id))
        problems = done.place_on(form)
    return _ledger_page(programme, problems, document=form)


# Eligibility (the district bureau) ----------------------------------------------------------------


def _community_page(programme: Programme, community: Community, **forms: Any) -> Any:
    eligibility = queries.eligibility_of(programme, community)
    parties = forms.get("parties") or PartiesForm(obj=eligibility)
    choices = [SelectChoice(0, "—")] + [
        SelectChoice(o.id, o.name) for o in queries.parties(community)
    ]
    parties.property_id.choices = parties.committee_id.choices = choices
    evidence = forms.get("evidence") or EvidenceForm()
    evidence.condition.choices = [SelectChoice(c.value, label(c)) for c in Condition]
    return render_template(
        "shaoguan/community.html", programme=programme, community=community,
        eligibility=eligibility, parties=parties, evidence=evidence, conditions=list(Condition),
        proposals=queries.proposals(programme, community), problems=forms.get("problems", []),
    ), form_status()  # fmt: skip


@bp.get("/<int:programme_id>/communities/<int:community_id>")
@roles(Role.OFFICER)
def community(programme_id: int, community_id: int) -> Any:
    return _community_page(*bureau_community(programme_id, community_id))


@bp.post("/<int:programme_id>/communities/<int:community_id>/parties")
@roles(Role.OFFICER)
def parties(programme_id: int, community_id: int) -> Any:
    programme, community = bureau_community(programme_id, community_id)
    form = PartiesForm()
    form.property_id.choices = form.committee_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(o.id, o.name) for o in queries.parties(community)
    ]
    if not form.validate_on_submit():
        return _community_page(programme, community, parties=form)
    chosen = {"property_id": form.property_id.data or None,
              "committee_id": form.committee_id.data or None}  # fmt: skip
    attempt(operations.open_eligibility, programme, community, user=current_user, **chosen)
    return redirect(
        url_for("shaoguan.community", programme_id=programme.id, community_id=community.id)
    )


@bp.post("/<int:programme_id>/communities/<int:community_id>/evidence")
@roles(Role.OFFICER)
@upload_limit(UPLOAD)
def evidence(programme_id: int, community_id: int) -> Any:
    programme, community = bureau_community(programme_id, community_id)
    eligibility = queries.eligibility_of(programme, community)
    form = EvidenceForm()
    form.condition.choices = [SelectChoice(c.value, label(c)) for c in Condition]
    if eligibility is None or not form.validate_on_submit():
        return _community_page(programme, community, evidence=form)
    upload = form.file.data
    done = attempt(operations.record_evidence, eligibility, Condition(form.condition.data),
                   text=form.text.data or "", filename=upload.filename if upload else None,
                   data=upload.read() if upload else None, user=current_user)  # fmt: skip
    if not done.ok:
        return _community_page(programme, community, evidence=form, problems=done.place_on(form))
    return redirect(
        url_for("shaoguan.community", programme_id=programme.id, community_id=community.id)
    )


@bp.post("/<int:programme_id>/communities/<int:community_id>/eligible")
@roles(Role.OFFICER)
def mark_eligible(programme_id: int, community_id: int) -> Any:
    programme, community = bureau_community(programme_id, community_id)
    eligibility = queries.eligibility_of(programme, community)
    if eligibility is not None:
        done = attempt(operations.mark_eligible, eligibility, current_user)
        done.flash_problems()
    return redirect(
        url_for("shaoguan.community", programme_id=programme.id, community_id=community.id)
    )
