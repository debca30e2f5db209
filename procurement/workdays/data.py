"""The holiday arrangements shipped with the app (the current and the next year).

2026 follows the State Council General Office's notice on the 2026 holiday arrangements. The 2027
notice is not out when this is written: its list holds the statutory holidays on their calendar
dates only, marked provisional, for the administrator to correct when the notice is published.
"""

from __future__ import annotations

from datetime import date, timedelta


def _span(first: date, days: int, name: str) -> list[tuple[date, bool, str]]:
    return [(first + timedelta(days=i), False, name) for i in range(days)]


HOLIDAYS_2026: list[tuple[date, bool, str]] = [
    *_span(date(2026, 1, 1), 3, "元旦"),
    (date(2026, 1, 4), True, "元旦调休"),
    (date(2026, 2, 14), True, "春节调休"),
    *_span(date(2026, 2, 15), 9, "春节"),
    (date(2026, 2, 28), True, "春节调休"),
    *_span(date(2026, 4, 4), 3, "清明节"),
    *_span(date(2026, 5, 1), 5, "劳动节"),
    (date(2026, 5, 9), True, "劳动节调休"),
    *_span(date(2026, 6, 19), 3, "端午节"),
    (date(2026, 9, 20), True, "国庆节调休"),
    *_span(date(2026, 9, 25), 3, "中秋节"),
    *_span(date(2026, 10, 1), 7, "国庆节"),
    (date(2026, 10, 10), True, "国庆节调休"),
]

# Statutory holidays of 2027 on their own dates (全国年节及纪念日放假办法), before the notice.
PROVISIONAL_2027: list[tuple[date, bool, str]] = [
    (date(2027, 1, 1), False, "元旦"),
    *_span(date(2027, 2, 5), 4, "春节"),  # 除夕 to 初三: 2027-02-05 … 02-08
    (date(2027, 4, 5), False, "清明节"),
    *_span(date(2027, 5, 1), 2, "劳动节"),
    (date(2027, 6, 9), False, "端午节"),
    (date(2027, 9, 15), False, "中秋节"),
    *_span(date(2027, 10, 1), 3, "国庆节"),
]
