"""The public pages of the maintenance evaluation: published results with search, filters, sorting and
pages; company pages; league tables; PDF and XLSX. Only published material, from the page cache.
On the maintenance blueprint (blueprint.py), beside the officer's pages."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from procurement.downloads import PDF, XLSX
from procurement.jobs.views import stored_or_preparing
from procurement.maintenance import documents, queries
from procurement.maintenance import template as tpl
from procurement.maintenance.blueprint import bp
from procurement.maintenance.display import paged
from procurement.maintenance.documents import context_of
from procurement.maintenance.forms import ResultsFilterForm
from procurement.maintenance.models import EvaluationPeriod
from procurement.pagecache import cached
from procurement.queryargs import optional_int_arg


@bp.get("/maintenance/")
@cached
def index() -> Any:
    return render_template("maintenance/index.html", periods=queries.published_periods())


def _published(code: str) -> tuple[EvaluationPeriod, Any]:
    number = optional_int_arg("publication")
    found = queries.publication_of(code, number)
    if found is None:
        abort(404)
    return found


def _filters(rows: list[Any], template: dict[str, Any]) -> tuple[ResultsFilterForm, Any]:
    """The search, filter and sort form of a results page, and the choice it makes (none if the
    query string is not valid)."""
    form = ResultsFilterForm(request.args)
    indicators = [(i["id"], i["name"]) for i in template["indicators"]]
    form.fill(queries.districts_of(rows), tpl.grade_names(template), indicators)
    if not form.validate():
        return form, None
    keys = ("q", "district", "grade", "sort", "order")
    return form, queries.Selection(**{k: (form[k].data or "") for k in keys})


@bp.get("/maintenance/periods/<code>")
@cached("publication", "q", "district", "grade", "sort", "order", "page")
def results(code: str) -> Any:
    from procurement import charts  # matplotlib: only for the pages that draw

    period, publication = _published(code)
    rows = queries.lines(publication)
    form, choice = _filters(rows, publication.template)
    chosen = queries.select(rows, publication.template, choice or queries.Selection())
    sort = choice.sort if choice else ""
    return render_template(
        "maintenance/results.html", period=period, publication=publication, form=form,
        page=paged(chosen, current_app.config["PAGE_SIZE"]),
        sort_indicator=next((i for i in publication.template["indicators"] if i["id"] == sort), None),
        total=len(rows), matched=len(chosen), chart=charts.grade_bars(publication.grade_counts),
        history=queries.publications(period),
    ), 200 if choice else 400  # fmt: skip


@bp.get("/maintenance/periods/<code>/companies/<uscc>")
@cached("publication")
def company(code: str, uscc: str) -> Any:
    period, publication = _published(code)
    rows = queries.lines(publication)
    line = queries.company_line(rows, uscc)
    if line is None:
        abort(404)
    from procurement import charts

    past = queries.history(line.company_id)
    return render_template(
        "maintenance/company.html",
        period=period,
        publication=publication,
        line=line,
        template=publication.template,
        ranks=queries.district_ranks(rows, line),
        history=past,
        chart=charts.score_history([(p.name, r.total, r.grade) for p, r in past]),
        peers=len(rows),
    )


@bp.get("/maintenance/periods/<code>/league-tables")
@cached("publication")
def league(code: str) -> Any:
    period, publication = _published(code)
    rows = queries.lines(publication)
    return render_template(
        "maintenance/league.html",
        period=period,
        publication=publication,
        tables=queries.leagues(rows, publication.template),
    )


def _print_context(code: str) -> dict[str, Any]:
    return context_of(*_published(code))


@bp.get("/maintenance/periods/<code>/results.pdf")
def results_pdf(code: str) -> Any:
    """Prepared by a job when published (documents.py) and kept: a publication never changes.
    Until it is there, a page that follows the job; never rendered in the request."""
    period, publication = _published(code)
    return stored_or_preparing(
        publication.pdf, f"maintenance-{code}-{publication.number}.pdf",
        lambda: documents.wanted(publication),
        _("%(period)s: results (PDF)", period=period.name), mimetype=PDF,
    )  # fmt: skip


def print_context(code: str, number: int | None = None) -> dict[str, Any] | None:
    found = queries.publication_of(code, number)
    return context_of(*found) if found else None


@bp.get("/maintenance/periods/<code>/results.xlsx")
def results_xlsx(code: str) -> Any:
    """Prepared with the PDF by a job when published (documents.py) and kept; never made here."""
    period, publication = _published(code)
    return stored_or_preparing(
        publication.xlsx, f"maintenance-{code}-{publication.number}.xlsx",
        lambda: documents.wanted(publication),
        _("%(period)s: results (XLSX)", period=period.name), mimetype=XLSX,
    )  # fmt: skip
