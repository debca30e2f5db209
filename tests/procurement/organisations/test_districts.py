"""Administrative divisions: the shipped files, loading another city's, and refusing a bad file whole."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.organisations.districts import BUILT_IN
from procurement.organisations.models import District, DistrictLevel
from procurement.organisations.operations import DistrictFileError, load_districts
from procurement.organisations.queries import district_by_code_or_name, districts_under


def _load_built_in(db):
    for path in BUILT_IN:
        load_districts(path.read_bytes(), path.name)
    db.session.commit()


def test_the_shipped_files_hold_every_district_and_county_of_both_pilot_cities(db):
    _load_built_in(db)
    chongqing = district_by_code_or_name("500000")
    shaoguan = district_by_code_or_name("韶关市")
    assert chongqing.level is DistrictLevel.PROVINCE
    assert len(districts_under(chongqing)) - 1 == 38  # 26 districts, 12 counties
    below = districts_under(shaoguan)
    assert [d.code for d in below] == sorted(d.code for d in below)  # administrative order
    assert {"浈江区", "武江区", "曲江区", "乐昌市", "南雄市"} <= {d.name for d in below}
    assert len(below) - 1 == 10
    zhenjiang = district_by_code_or_name("浈江区")
    assert zhenjiang.code == "440204" and shaoguan.covers(zhenjiang)
    assert not chongqing.covers(zhenjiang) and not zhenjiang.covers(shaoguan)


def test_loading_a_file_again_changes_nothing_and_a_new_name_renames(db):
    _load_built_in(db)
    assert load_districts(BUILT_IN[1].read_bytes(), "again") == (0, 0)
    changed = BUILT_IN[1].read_text(encoding="utf-8").replace("南雄市", "南雄新市")
    assert load_districts(changed.encode(), "renamed") == (0, 1)
    db.session.commit()
    assert district_by_code_or_name("440282").name == "南雄新市"


def test_another_city_loads_under_its_own_top(db):
    data = "代码,名称,级别,上级代码\n441800,清远市,city,\n441802,清城区,district,441800\n"
    assert load_districts(data.encode(), "qingyuan.csv") == (2, 0)
    db.session.commit()
    assert district_by_code_or_name("清城区").parent.code == "441800"


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("代码,名称\n440200,韶关市\n", "表头"),
        ("代码,名称,级别,上级代码\n44020,韶关市,city,\n", "代码"),
        ("代码,名称,级别,上级代码\n440200,,city,\n", "名称"),
        ("代码,名称,级别,上级代码\n440200,韶关市,town,\n", "级别"),
        ("代码,名称,级别,上级代码\n440204,浈江区,district,449999\n", "上级代码"),
        ("代码,名称,级别,上级代码\n440200,韶关市,city,\n440200,韶关,city,\n", "代码"),
    ],
)
def test_a_bad_file_names_the_row_and_column_and_writes_nothing(db, text, column):
    good = "代码,名称,级别,上级代码\n441800,清远市,city,\n"
    with pytest.raises(DistrictFileError) as refused:
        load_districts((text + good.split("\n", 1)[1]).encode(), "bad.csv")
    assert column in {problem.column for problem in refused.value.rows}
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(District)) == 0


def test_the_command_loads_and_refuses_with_exit_2(runner, tmp_path):
    done = runner.invoke(args=["districts", "load", "--built-in"])
    assert done.exit_code == 0, done.output
    assert "500000.csv: 39 added" in done.output
    bad = tmp_path / "bad.csv"
    bad.write_text("代码,名称,级别,上级代码\n9,x,district,\n", encoding="utf-8")
    refused = runner.invoke(args=["districts", "load", str(bad)])
    assert refused.exit_code == 2
    assert "第2行 代码「9」" in refused.output
