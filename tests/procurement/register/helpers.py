"""A small register with figures simple enough to compute by hand."""

from __future__ import annotations

from procurement.maintenance.generate import upload_file
from procurement.organisations.districts import BUILT_IN
from procurement.organisations.operations import load_districts
from procurement.register import operations
from procurement.register.rows import HEADERS
from tests.factories import make_insurer, make_uscc

UNIT_A, UNIT_B = make_uscc(901), make_uscc(902)


def load() -> None:
    for path in BUILT_IN:
        load_districts(path.read_bytes(), path.name)


def insurers() -> tuple[str, str]:
    one = make_insurer(name="甲保险").insurer
    two = make_insurer(name="乙保险").insurer
    return one.uscc, two.uscc


def elevator_rows() -> list[list[str]]:
    return [
        ["E1", "R1", "甲使用单位", UNIT_A, "渝中区", "甲小区", "解放碑1号", "2010-06-30", "18", "120", "单一产权"],
        ["E2", "R2", "甲使用单位", UNIT_A, "500103", "甲小区", "解放碑2号", "2015-12-31", "12", "80", "保障性住房"],
        ["E3", "R3", "乙使用单位", UNIT_B, "渝中区", "", "较场口3号", "2020-01-01", "6", "40", "单一产权"],
    ]  # fmt: skip


def policy_rows(a: str, b: str) -> list[list[str]]:
    return [
        ["P1", a, "E1", "渝梯保", "渝备2024-1", "2000", "自筹", "2024-01-01", "2024-12-31", "已承保"],
        ["P1", a, "E2", "渝梯保", "渝备2024-1", "2000", "自筹", "2024-01-01", "2024-12-31", "已承保"],
        ["P2", b, "E3", "综合险", "渝备2024-2", "2500", "政府财政支持", "2024-03-01", "2025-02-28", "已承保"],
        ["P3", b, "E1", "综合险", "渝备2024-2", "2600", "自筹", "2025-01-01", "2025-12-31", "已续保"],
    ]  # fmt: skip


def claim_rows() -> list[list[str]]:
    return [
        ["C1", "P1", "E1", "2024-03-01 08:00", "2024-03-01 09:00", "2024-03-01 10:00", "2024-03-02 09:00", "2024-03-03 09:00", "12245", "维保甲"],
        ["C2", "P1", "E1", "2024-05-01 08:00", "2024-05-01 09:00", "", "", "2024-05-01 21:30", "5", "维保甲"],
        ["C3", "P2", "E3", "2024-12-31 20:00", "2024-12-31 21:00", "", "", "2025-01-01 10:00", "999", "维保乙"],
        ["C4", "P1", "E2", "2024-06-01 08:00", "2024-06-01 09:00", "", "", "", "", ""],
    ]  # fmt: skip


def survey_rows(a: str, b: str) -> list[list[str]]:
    return [
        [UNIT_A, a, "2024-11-01", "90", "及时"],
        [UNIT_A, a, "2024-12-01", "85", ""],
        [UNIT_B, b, "2024-12-31", "70", "慢"],
        [UNIT_B, a, "2024-06-01", "10", "不在统计内"],
        [UNIT_A, a, "2023-12-01", "0", "上一年"],
    ]


def file(kind: str, rows: list[list[str]], fmt: str = "csv") -> bytes:
    return upload_file(HEADERS[kind], rows, fmt)


def build() -> tuple[str, str]:
    """Load districts, two insurers and the whole small register; return the insurers' codes."""
    load()
    a, b = insurers()
    operations.apply_file("elevators", "e.csv", file("elevators", elevator_rows()))
    operations.apply_file("policies", "p.csv", file("policies", policy_rows(a, b)))
    operations.apply_file("claims", "c.csv", file("claims", claim_rows()))
    operations.apply_file("surveys", "s.csv", file("surveys", survey_rows(a, b)))
    return a, b
