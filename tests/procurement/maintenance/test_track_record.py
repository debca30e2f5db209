"""Track record (业绩): elevators under contract, years in service in the city and the share of the
previous period's elevators kept, computed when the template lists them, and scored by it."""

from __future__ import annotations

from datetime import date

import pytest

from procurement.maintenance import generate, queries, sheets
from procurement.maintenance import operations as ops
from procurement.maintenance import template as tpl
from procurement.maintenance.models import ImportKind
from tests.factories import make_period


def with_track_record(template):
    """The built-in template with the three track-record indicators in place of the two spot-check
    ones (15 points)."""
    kept = [
        i
        for i in template["indicators"]
        if i["id"] not in {"insurer_spot_check", "spot_check_score"}
    ]
    return {**template, "indicators": kept + tpl.TRACK_RECORD}


def test_track_record_indicators_are_computed_and_scored(db):
    items = generate.companies(5, seed=3)
    headers = [*sheets.REGISTRY_HEADERS, sheets.IN_CITY_SINCE]
    since = [date(2010, 3, 1), date(2020, 12, 31), date(2024, 1, 1), None, date(2015, 1, 1)]
    rows = [
        [*row, day.isoformat() if day else ""]
        for row, day in zip(generate.registry_rows(items), since, strict=True)
    ]
    ops.apply_file(ImportKind.COMPANIES, None, "r.csv", generate.upload_file(headers, rows))
    earlier = make_period(
        "2024", "2024年度", starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31)
    )
    period = make_period()
    before = generate.record_rows(items, 150, earlier.starts_on, 12, seed=1)
    now = generate.record_rows(items, 150, period.starts_on, 12, seed=2)
    ops.apply_file(ImportKind.RECORDS, earlier, "a.csv", generate.records_file(before))
    ops.apply_file(ImportKind.RECORDS, period, "b.csv", generate.records_file(now))
    ops.update_template(period, with_track_record(period.template))
    db.session.commit()

    draft = {row["company"]: row for row in queries.draft(period)}
    owner_before = {r[0]: r[1] for r in before}
    owner_now = {r[0]: r[1] for r in now}
    assert len(draft) >= 4
    for n, company in enumerate(items):
        if company.uscc not in draft:
            continue  # no elevator drawn for it in 2025
        row = draft[company.uscc]
        values = row["values"]
        assert values["elevators_under_contract"] == row["elevators"]
        assert row["sources"]["elevators_under_contract"] == "track_record"
        mine = [e for e, c in owner_before.items() if c == company.uscc]
        kept = sum(1 for e in mine if owner_now.get(e) == company.uscc)
        if mine:
            assert values["kept_share"] == pytest.approx(kept / len(mine) * 100)
        if since[n] is None:
            assert "years_in_city" in row["missing"]
        else:
            expected = 2025 - since[n].year - ((since[n].month, since[n].day) > (12, 31))
            assert values["years_in_city"] == expected
    assert draft[items[0].uscc]["values"]["years_in_city"] == 15
    assert draft[items[0].uscc]["points"]["years_in_city"] == 5  # ≥10 years → 5
    assert draft[items[1].uscc]["values"]["years_in_city"] == 5  # 2020-12-31 to 2025-12-31


def test_without_a_previous_period_the_kept_share_has_no_value(db):
    items = generate.companies(3, seed=4)
    data = generate.upload_file(sheets.REGISTRY_HEADERS, generate.registry_rows(items))
    ops.apply_file(ImportKind.COMPANIES, None, "r.csv", data)
    period = make_period()
    rows = generate.record_rows(items, 60, period.starts_on, 12, seed=2)
    ops.apply_file(ImportKind.RECORDS, period, "b.csv", generate.records_file(rows))
    ops.update_template(period, with_track_record(period.template))
    db.session.commit()
    for row in queries.draft(period):
        assert "kept_share" in row["missing"] and row["points"]["kept_share"] == 0
