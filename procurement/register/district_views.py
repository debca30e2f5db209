"""A district office's pages of the register: the annexes of its district for a year, on the page
and as XLSX and PDF (another office's district is not reachable: the district is the account's)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_login import current_user

from procurement import clock
from procurement.accounts.models import Role
from procurement.downloads import send_download
from procurement.organisations.models import District
from procurement.queryargs import int_arg
from procurement.register import annexes, forms_out, queries
from procurement.register.blueprint import bp
from procurement.security import roles

SHOWN_ROWS = 200  # 附件2 rows on the page; the downloads hold them all


def _district() -> District:
    district = queries.office_district(current_user)
    if district is None:
        abort(404)
    return district


def _year() -> int:
    return int_arg("year", default=clock.to_local(clock.now()).year, low=2000, high=2100)


@bp.route("/pilot/district/")
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_home() -> Any:
    district, year = _district(), _year()
    one, two = annexes.annex1(district, year), annexes.annex2(district, year)
    return render_template(
        "register/district.html", district=district, year=year, one=one, two=two,
        shown=SHOWN_ROWS, office=current_user.organisation,
    )  # fmt: skip


@bp.route("/pilot/district/annex<int:number>.<fmt>")
@roles(Role.OFFICER, Role.SUPERVISOR)
def district_annex(number: int, fmt: str) -> Any:
    if number not in {1, 2} or fmt not in {"xlsx", "pdf"}:
        abort(404)
    district, year = _district(), _year()
    annex = annexes.compute(number, district, year)
    office = current_user.organisation.name
    data = forms_out.as_xlsx(annex, office) if fmt == "xlsx" else forms_out.as_pdf(annex, office)
    return send_download(data, f"附件{number}-{district.name}-{year}.{fmt}")
