"""An insurer's page of the maintenance companies that maintain the elevators it insures, with each
company's latest published evaluation result. Only its own insured elevators count."""

from __future__ import annotations

from typing import Any

from flask import render_template

from procurement import clock
from procurement.accounts.models import Role
from procurement.register import queries
from procurement.register.blueprint import bp
from procurement.register.insurer_views import _insurer_id
from procurement.security import roles


@bp.get("/pilot/insurer/maintenance-companies")
@roles(Role.INSURER)
def insurer_maintainers() -> Any:
    today = clock.to_local(clock.now()).date()
    maintainers, unknown = queries.insurer_maintainers(_insurer_id(), today)
    return render_template(
        "register/maintainers.html", maintainers=maintainers, unknown=unknown, today=today
    )
