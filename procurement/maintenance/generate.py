"""Realistic fictional data for the demo, the benchmark and tests: a registry of maintenance companies
across Chongqing's districts, elevator records and company-level indicators.

The distributions follow DOMAIN.md §5: monthly entrapment rates around 0.5–1.5 %, repairs about 0.4–0.7
per elevator-month, mean rescue arrival 10–13 minutes, and a grade distribution like the real ones
(most companies B, a fifth A, a quarter C, a few D). Each company has a hidden quality in [0, 1] that
drives all its figures, so the indicators agree with each other as they would in life.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from procurement.accounts.uscc import check_character
from procurement.maintenance import sheets
from procurement.maintenance.records import HEADERS
from procurement.spreadsheets import Sheet, xlsx

# Chongqing's districts and counties, weighted roughly by the elevators in use (the centre has most).
DISTRICTS = {
    "渝北区": 14,
    "九龙坡区": 11,
    "沙坪坝区": 10,
    "南岸区": 10,
    "江北区": 10,
    "渝中区": 9,
    "巴南区": 7,
    "北碚区": 5,
    "大渡口区": 3,
    "万州区": 4,
    "涪陵区": 3,
    "江津区": 3,
    "合川区": 3,
    "永川区": 3,
    "长寿区": 2,
    "璧山区": 2,
    "綦江区": 1,
    "大足区": 1,
    "铜梁区": 1,
    "潼南区": 1,
    "荣昌区": 1,
    "南川区": 1,
    "开州区": 1,
    "梁平区": 1,
    "黔江区": 1,
    "武隆区": 0.5,
    "垫江县": 0.5,
    "忠县": 0.5,
    "云阳县": 0.5,
    "奉节县": 0.5,
    "丰都县": 0.3,
    "石柱县": 0.3,
    "秀山县": 0.3,
    "酉阳县": 0.3,
    "彭水县": 0.3,
    "巫山县": 0.3,
    "巫溪县": 0.2,
    "城口县": 0.2,
}

FIRST = "渝嘉江山鼎恒通安顺达宏信泰和盛金华凯瑞祥康永立新博远宇升腾跃辉旭捷"
SECOND = "梯程机电力达运佳诚科鑫宁峰源美升迅联合众海天"
KINDS = (
    "电梯工程有限公司",
    "电梯安装维修有限公司",
    "机电设备有限公司",
    "电梯服务有限公司",
    "电梯技术有限公司",
)


def company_code(serial: int) -> str:
    first17 = f"915001{serial:011d}"
    return first17 + check_character(first17)


@dataclass
class DemoCompany:
    uscc: str
    name: str
    licence_no: str
    licence_expires_on: date
    districts: list[str]
    quality: float
    size: float


def companies(count: int, seed: int = 2025, first_serial: int = 1) -> list[DemoCompany]:
    rng = np.random.default_rng(seed)
    names: set[str] = set()
    result = []
    district_names = list(DISTRICTS)
    weights = np.array(list(DISTRICTS.values()))
    weights = weights / weights.sum()
    for serial in range(first_serial, first_serial + count):
        while True:
            name = (
                "重庆"
                + rng.choice(list(FIRST))
                + rng.choice(list(SECOND))
                + rng.choice(list(KINDS))
            )
            if name not in names:
                break
            name = name.replace("重庆", f"重庆{rng.choice(list(FIRST))}", 1)
            if name not in names:
                break
        names.add(name)
        served = rng.choice(district_names, size=int(rng.integers(1, 5)), replace=False, p=weights)
        expires = date(2027, 1, 1) + timedelta(days=int(rng.integers(0, 1500)))
        if rng.random() < 0.01:
            expires = date(2025, 3, 1) + timedelta(days=int(rng.integers(0, 200)))  # lapsed: a veto
        result.append(
            DemoCompany(
                uscc=company_code(serial),
                name=name,
                licence_no=f"TS3450{serial:06d}",
                licence_expires_on=expires,
                districts=sorted(str(d) for d in served),
                quality=float(rng.beta(5.0, 2.0)),
                size=float(rng.lognormal(0.0, 0.9)),
            )
        )
    return result


def registry_rows(items: list[DemoCompany]) -> list[list[Any]]:
    return [
        [c.uscc, c.name, c.licence_no, c.licence_expires_on.isoformat(), "、".join(c.districts)]
        for c in items
    ]


def record_rows(
    items: list[DemoCompany], elevators: int, start: date, months: int, seed: int = 7
) -> list[list[str]]:
    """One row per elevator, in the import template's column order (as text, like a read file)."""
    rng = np.random.default_rng(seed)
    sizes = np.array([c.size for c in items])
    owner = rng.choice(len(items), size=elevators, p=sizes / sizes.sum())
    quality = np.array([c.quality for c in items])[owner]
    weakness = 1.6 - quality  # 0.6 (best) … 1.6 (worst)
    entrapments = rng.poisson(0.008 * months * weakness)
    failures = rng.poisson(0.35 * months * weakness)
    repeats = np.minimum(failures, rng.poisson(0.0015 * months * weakness**2))
    arrivals = entrapments + rng.poisson(0.01 * months, size=elevators)
    company_minutes = 9 + 7 * (1 - np.array([c.quality for c in items]))
    minutes = np.clip(rng.normal(company_minutes[owner], 2.5), 3, 90)
    late_share = np.clip(0.12 * weakness - 0.08, 0, 1)
    within = arrivals - rng.binomial(arrivals, late_share)
    passed = rng.random(elevators) < (0.86 + 0.14 * quality)
    inspected = rng.random(elevators) < 0.97
    complaints = rng.poisson(0.012 * weakness * months / 12)
    ages = rng.integers(1, 26, size=elevators)
    days = rng.integers(0, months * 28, size=elevators)
    rows = []
    for i in range(elevators):
        company = items[owner[i]]
        district = company.districts[i % len(company.districts)]
        rows.append(
            [
                f"31105001{i + 1:08d}",
                company.uscc,
                district,
                str(ages[i]),
                str(entrapments[i]),
                str(failures[i]),
                str(repeats[i]),
                str(arrivals[i]),
                f"{minutes[i]:.1f}" if arrivals[i] else "0",
                str(within[i]),
                ("合格" if passed[i] else "不合格") if inspected[i] else "",
                (start + timedelta(days=int(days[i]))).isoformat() if inspected[i] else "",
                str(complaints[i]),
            ]
        )
    return rows


def indicator_rows(
    items: list[DemoCompany], template: dict[str, Any], seed: int = 11
) -> list[list[Any]]:
    """Company-level values for the template's non-record indicators, and a few veto items."""
    rng = np.random.default_rng(seed)
    headers = sheets.indicator_headers(template)
    position = {h: i for i, h in enumerate(headers)}
    by_id = {i["id"]: sheets.indicator_header(i) for i in template["indicators"]}
    vetoes = [
        sheets.VETO_PREFIX + v["name"] for v in template.get("vetoes", []) if v["id"] != "licence"
    ]
    rows = []
    for company in items:
        q = company.quality
        row: list[Any] = [""] * len(headers)
        row[position[sheets.CODE]], row[position[sheets.NAME]] = company.uscc, company.name

        def put(ident: str, value: Any) -> None:
            if ident in by_id and by_id[ident] in position:
                row[position[by_id[ident]]] = value  # noqa: B023

        def yes(probability: float) -> str:
            return "是" if rng.random() < probability else "否"

        put("annual_report", yes(0.9 + 0.1 * q))
        put("penalties", int(rng.poisson(0.8 * (1 - q))))
        put("local_filing", yes(0.92 + 0.08 * q))
        put("spot_check_score", round(float(np.clip(rng.normal(66 + 30 * q, 5), 40, 100)), 1))
        put("staff_tsg07", yes(0.85 + 0.15 * q))
        put("workers_per_100", round(float(np.clip(rng.normal(2.5 + 3 * q, 0.6), 0.5, 9)), 2))
        put("duty_phone", yes(0.88 + 0.12 * q))
        put("plan_completion", round(float(np.clip(rng.normal(93 + 9 * q, 2.5), 60, 100)), 1))
        put("minutes_on_site", round(float(np.clip(rng.normal(30 + 25 * q, 6), 10, 90)), 1))
        put("satisfaction", round(float(np.clip(rng.normal(81 + 18 * q, 3), 50, 100)), 1))
        put("insurer_spot_check", round(float(np.clip(rng.normal(75 + 25 * q, 4), 40, 100)), 1))
        if vetoes and rng.random() < 0.02:
            row[position[vetoes[int(rng.integers(0, len(vetoes)))]]] = "是"
            row[position[sheets.VETO_NOTE]] = "监管部门通报"
        rows.append(row)
    return rows


def spot_check_rows(
    items: list[DemoCompany], count: int, start: date, days: int, seed: int = 13
) -> list[list[str]]:
    """An insurer's spot checks (spotchecks.HEADERS), better companies passing more often."""
    rng = np.random.default_rng(seed)
    sizes = np.array([c.size for c in items])
    owner = rng.choice(len(items), size=count, p=sizes / sizes.sum())
    checks = ["制动器", "门锁装置", "曳引钢丝绳", "限速器", "轿厢应急照明", "维保记录"]
    rows = []
    for n in range(count):
        company = items[owner[n]]
        passed = rng.random() < 0.7 + 0.3 * company.quality
        chosen = rng.choice(checks, size=3, replace=False)
        day = start + timedelta(days=int(rng.integers(0, max(days, 1))))
        rows.append([f"31105001{int(rng.integers(1, 30_000)):08d}", company.uscc, day.isoformat(),
                     "、".join(str(c) for c in chosen), "合格" if passed else "不合格",
                     "" if passed else "现场发现问题，已告知维保单位整改"])  # fmt: skip
    return rows


def upload_file(headers: list[str], rows: list[list[Any]], fmt: str = "csv") -> bytes:
    """A file to import, as the city's platforms export one: XLSX through the one spreadsheet writer,
    or a plain CSV (UTF-8 with BOM). Not the export's CSV, which marks cells such as `-2` as text
    (formula injection): test files must hold the negative numbers the checks refuse."""
    if fmt == "xlsx":
        return xlsx(Sheet("数据", headers, rows))
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def records_file(rows: list[list[str]], fmt: str = "csv") -> bytes:
    return upload_file(HEADERS, rows, fmt)
