"""Working-day arithmetic across weekends, holidays and make-up days; the administrator's calendar."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.workdays import operations as workdays
from procurement.workdays.models import CalendarDay
from tests.conftest import submit
from tests.factories import make_user


def test_weekends_alone(db):
    # Friday 2026-11-27 + 1 working day = Monday 2026-11-30
    assert workdays.add_workdays(date(2026, 11, 27), 1) == date(2026, 11, 30)
    assert workdays.add_workdays(date(2026, 11, 23), 7) == date(2026, 12, 2)
    assert workdays.workdays_between(date(2026, 11, 27), date(2026, 11, 30)) == 1


def test_holidays_and_make_up_days_of_the_shipped_2026_calendar(db):
    assert workdays.load_shipped() > 30
    # National Day: 10-01…10-07 off, Saturday 10-10 worked. From Wednesday 09-30, 7 working days:
    # 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up), 10-12 Mon, 10-13, 10-14, 10-15 → 2026-10-15
    assert workdays.add_workdays(date(2026, 9, 30), 7) == date(2026, 10, 15)
    assert workdays.is_workday(date(2026, 2, 14))  # a Saturday worked before the Spring Festival
    assert not workdays.is_workday(date(2026, 2, 16))  # a Monday off
    # The result notice of one working day published on Friday 2026-09-18 ends Sunday 09-20, a
    # make-up working day.
    assert workdays.add_workdays(date(2026, 9, 18), 1) == date(2026, 9, 20)
    assert workdays.load_shipped() == 0  # loading again adds nothing


def test_the_administrator_corrects_the_calendar(client, db, login_as):
    workdays.load_shipped()
    db.session.commit()
    login_as(make_user(Role.ADMIN))
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "请对照国务院办公厅通知核对" in page
    response = submit(
        client, "/calendar/", {"day": "2027-02-13", "kind": "workday", "name": "春节调休"}
    )
    assert response.status_code == 302
    row = db.session.get(CalendarDay, date(2027, 2, 13))
    assert row.is_workday and not row.provisional
    bad = submit(client, "/calendar/", {"day": "2027-02-30", "kind": "holiday", "name": "x"})
    assert bad.status_code == 400 and "日期：" in bad.get_data(as_text=True)
    submit(client, "/calendar/2027-02-13/remove", {}, form_page="/calendar/")
    assert db.session.get(CalendarDay, date(2027, 2, 13)) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay)) > 0
