"""Issue 13 item 9: `1e999999999` in a criteria editor field froze the server for 13 minutes."""

from __future__ import annotations

import pytest

from procurement.accounts.models import Role
from tests.conftest import submit
from tests.factories import make_tender, make_user
from tests.procurement.tenders.test_tender_views import criteria_form


@pytest.mark.parametrize("field", ["parameters", "max_points"])
def test_a_huge_number_in_the_criteria_editor_is_refused_at_once(client, db, login_as, field):
    officer = login_as(make_user(Role.OFFICER))
    tender = make_tender(officer=officer, status="draft")
    value = "1e999999999:10" if field == "parameters" else "1e999999999"
    # Refused by the bound check before any arithmetic: an unbounded Decimal power would never
    # return, so a regression hangs here (no wall-clock assertion: CI machines vary in speed).
    response = submit(
        client,
        f"/tenders/{tender.id}/criteria",
        {**criteria_form(tender, solvency={field: value}), "action": "save"},
    )
    assert response.status_code == 400 and "超出范围" in response.get_data(as_text=True)
