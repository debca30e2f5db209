"""Public pages of insurers' performance in the pilot register: the list of insurers with policies
in it, and one page per insurer (claims and their hours against the winning bid's promises,
satisfaction, policies continued or surrendered). Nothing personal: no user unit is named."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import abort, render_template, request

from procurement import clock
from procurement.accounts.models import Insurer, InsurerStatus
from procurement.extensions import db
from procurement.pagecache import cached
from procurement.register import performance
from procurement.register.blueprint import bp
from procurement.register.models import PolicyStatus
from procurement.register.pilot_queries import register_insurers


def _period() -> tuple[date, date, int | None]:
    """?year=YYYY: that Beijing year; else the 12 months before today (Beijing)."""
    raw = request.args.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return date(int(raw), 1, 1), date(int(raw) + 1, 1, 1), int(raw)
    if raw:
        abort(404)
    start, end = performance.year_before(clock.to_local(clock.now()).date())
    return start, end, None


@bp.get("/pilot/insurers/")
@cached("year")
def insurers() -> Any:
    start, end, year = _period()
    rows = performance.overview(register_insurers(), start, end)
    return render_template(
        "register/insurers.html", rows=rows, start=start, last=end - timedelta(days=1), year=year
    )


@bp.get("/pilot/insurers/<int:insurer_id>")
@cached("year")
def insurer_page(insurer_id: int) -> Any:
    insurer = db.get_or_404(Insurer, insurer_id)
    if insurer.status is not InsurerStatus.APPROVED:
        abort(404)
    start, end, year = _period()
    return render_template(
        "register/performance.html", insurer=insurer, year=year, start=start,
        last=end - timedelta(days=1),
        figures=performance.performance(insurer.id, start, end), statuses=list(PolicyStatus),
    )  # fmt: skip
