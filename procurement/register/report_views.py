"""A submitted version's frozen annexes, as XLSX and PDF: the rows stored at submission (not
recomputed), with the version and its SHA-256; for the submitting district's office and the city's
regulator, a 404 for everyone else."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from procurement.accounts.models import Role
from procurement.downloads import send_download
from procurement.extensions import db
from procurement.register import forms_out, reports
from procurement.register.blueprint import bp
from procurement.register.models import ReportSubmission
from procurement.security import roles


@bp.route("/pilot/reports/<int:report_id>/annex<int:number>.<fmt>")
@roles(Role.OFFICER, Role.SUPERVISOR)
def frozen_annex(report_id: int, number: int, fmt: str) -> Any:
    report = db.get_or_404(ReportSubmission, report_id)
    if (
        number not in {1, 2}
        or fmt not in {"xlsx", "pdf"}
        or not reports.visible_to(report, current_user)
    ):
        abort(404)
    annex = reports.frozen(report, number)
    office = report.organisation.name
    render = forms_out.as_xlsx if fmt == "xlsx" else forms_out.as_pdf
    data = render(annex, office, report)
    name = f"附件{number}-{report.district.name}-{report.year}-v{report.version}.{fmt}"
    return send_download(data, name)
