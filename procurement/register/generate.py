"""Generated register files for benchmarks and demo data: elevators, policies, claims, surveys."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from procurement.register.models import SOURCE_NAMES


def uscc(serial: int) -> str:
    """A well-formed credit code (GB 32100-2015 check character) for a serial number."""
    from procurement.accounts.uscc import check_character

    body = f"91500000{serial:09d}"
    return body + check_character(body)


def elevator_rows(count: int, districts: list[str], units: int, seed: int = 1) -> list[list[str]]:
    pick = random.Random(seed)  # noqa: S311  # generated data, not secrets
    rows = []
    for n in range(count):
        unit = n % units
        since = date(2000, 1, 1) + timedelta(days=pick.randrange(9000))
        rows.append(
            [
                f"E{n:07d}",
                f"R{n:09d}",
                f"使用单位{unit:05d}",
                uscc(500_000 + unit),
                districts[unit % len(districts)],
                f"小区{unit:05d}",
                f"地址{n}号",
                since.isoformat(),
                str(pick.randint(2, 33)),
                str(pick.randint(10, 300)),
                "单一产权" if n % 3 else "保障性住房",
            ]
        )
    return rows


def policy_rows(count: int, insurers: list[str], year: int, seed: int = 2) -> list[list[str]]:
    pick = random.Random(seed)  # noqa: S311  # generated data, not secrets
    sources = list(SOURCE_NAMES)
    return [
        [
            f"P{year}{n // 10:07d}",
            insurers[(n // 10) % len(insurers)],
            f"E{n:07d}",
            "电梯综合保险",
            "渝备2024-001",
            str(pick.choice((1800, 2000, 2400, 2600))),
            sources[(n // 10) % len(sources)],
            f"{year}-01-01",
            f"{year}-12-31",
            "已承保",
        ]
        for n in range(count)
    ]


def claim_rows(elevators: int, count: int, year: int, seed: int = 3) -> list[list[str]]:
    pick = random.Random(seed)  # noqa: S311  # generated data, not secrets
    rows = []
    for n in range(count):
        elevator = pick.randrange(elevators)
        reported = datetime(year, 1, 1, 8) + timedelta(minutes=pick.randrange(340 * 24 * 60))
        paid = reported + timedelta(minutes=pick.randint(60, 10 * 24 * 60))

        def at(moment: datetime) -> str:
            return moment.strftime("%Y-%m-%d %H:%M")

        rows.append(
            [
                f"C{year}{n:07d}",
                f"P{year}{elevator // 10:07d}",
                f"E{elevator:07d}",
                at(reported - timedelta(hours=1)),
                at(reported),
                at(reported + timedelta(hours=2)),
                at(reported + timedelta(hours=20)),
                at(paid),
                str(pick.randint(200, 20_000)),
                "维保单位",
            ]
        )
    return rows
