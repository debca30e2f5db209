"""An officer's list of the insurers' spot checks in a period: those whose day falls in it, filtered
by company, insurer, result and day, paginated, each with its page and photos; only the period's
office sees them (another office's officer gets a 404)."""

from __future__ import annotations

from datetime import date

from procurement.accounts.models import Role
from procurement.extensions import db as _db
from procurement.maintenance import spotcheck_operations as sops
from procurement.maintenance.models import SpotCheck
from procurement.maintenance.queries import known_companies
from tests.conftest import csrf_token
from tests.factories import make_insurer, make_office, make_period, make_user, register_companies

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _check(user, company, day, result="合格", elevator="E1", photos=()):
    fields = {"elevator_no": elevator, "company": company.uscc, "checked_on": day,
              "items": "制动器", "result": result, "note": "门锁有油污"}  # fmt: skip
    check = sops.record_spot_check(user, fields, list(photos))
    _db.session.commit()
    return check


def _setup():
    items = register_companies(2)
    period = make_period()
    one, two = make_insurer(name="甲保险"), make_insurer(name="乙保险")
    checks = {
        "a": _check(one, items[0], "2025-03-01", photos=[("门锁.png", PNG)]),
        "b": _check(one, items[1], "2025-06-01", "不合格", "E2"),
        "c": _check(two, items[0], "2025-09-01", "不合格", "E3"),
        "old": _check(two, items[0], "2024-12-31", elevator="E4"),  # before the period
    }
    return items, period, checks


def _listed(client, url):
    response = client.get(url)
    text = response.get_data(as_text=True)
    return response.status_code, {c for c in ("E1", "E2", "E3", "E4") if f"<td>{c}</td>" in text}


def test_the_officer_lists_and_filters_the_periods_spot_checks(client, db, login_as):
    items, period, checks = _setup()
    login_as(make_user(Role.OFFICER))
    url = f"/manage/maintenance/periods/{period.id}/spot-checks"
    assert _listed(client, url) == (200, {"E1", "E2", "E3"})
    assert _listed(client, f"{url}?company={checks['a'].company_id}") == (200, {"E1", "E3"})
    assert _listed(client, f"{url}?insurer={checks['c'].insurer_id}") == (200, {"E3"})
    assert _listed(client, f"{url}?result=fail") == (200, {"E2", "E3"})
    assert _listed(client, f"{url}?result=pass") == (200, {"E1"})
    assert _listed(client, f"{url}?since=2025-05-01&until=2025-08-31") == (200, {"E2"})
    assert _listed(client, f"{url}?company=999999")[0] == 400  # not a choice
    assert _listed(client, f"{url}?since=2025-13-01")[0] == 400
    empty = client.get(f"{url}?result=pass&insurer={checks['c'].insurer_id}")
    assert "没有符合筛选条件的抽查记录" in empty.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "甲保险" in page and "乙保险" in page and items[0].name in page and "门锁.png" in page
    detail = f"{url}/{checks['a'].id}"
    assert detail in page
    text = client.get(detail).get_data(as_text=True)
    assert "制动器" in text and "门锁有油污" in text and "甲保险" in text
    photo = f"/spot-checks/photos/{checks['a'].photos[0].id}"
    assert photo in text and client.get(photo).data == PNG
    assert client.get(f"{url}/{checks['old'].id}").status_code == 404  # outside the period


def test_the_list_is_paginated_and_has_an_empty_state(client, db, login_as):
    items = register_companies(1)
    period = make_period()
    login_as(make_user(Role.OFFICER))
    url = f"/manage/maintenance/periods/{period.id}/spot-checks"
    assert "本评测期间内尚无保险机构录入抽查记录" in client.get(url).get_data(as_text=True)
    insurer = make_insurer()
    company_id = known_companies()[items[0].uscc]
    _db.session.add_all(
        SpotCheck(
            insurer_id=insurer.insurer_id,
            company_id=company_id,
            elevator_no=f"N{i:02d}",
            checked_on=date(2025, 1, 1 + i),
            items="门锁",
            passed=True,
        )  # fmt: skip
        for i in range(25)
    )
    _db.session.commit()
    first = client.get(url).get_data(as_text=True)
    # Elevator numbers matched as table cells: a bare "N04" can occur in the page's CSRF token.
    assert "共 25 条抽查记录" in first and "<td>N24</td>" in first and "<td>N04</td>" not in first
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert "<td>N04</td>" in second and "<td>N24</td>" not in second
    assert "<td>N05</td>" not in second


def test_another_offices_officer_gets_404_and_an_insurer_no_list(client, db, login_as):
    _items, period, checks = _setup()
    url = f"/manage/maintenance/periods/{period.id}/spot-checks"
    login_as(make_user(Role.OFFICER, organisation=make_office("另一区住建委")))
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/{checks['a'].id}").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login_as(make_insurer())
    assert client.get(url).status_code in {403, 404}
