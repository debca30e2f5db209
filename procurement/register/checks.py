"""The checks of a row against the other rows and the register: duplicates, unknown codes,
overlapping policies, a claim paid before it was reported. Nothing here writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from procurement.maintenance.records import RowError
from procurement.register import queries
from procurement.register.rows import (
    CLAIM_HEADERS,
    ELEVATOR_HEADERS,
    MAINTAINER_HEADERS,
    POLICY_HEADERS,
)

Rows = list[tuple[int, Sequence[Any], Sequence[str]]]
Checked = tuple[Sequence[dict[str, Any]], list[RowError]]
ELEVATOR_KEYS = (
    "number",
    "registration_code",
    "unit_name",
    "uscc",
    "district_id",
    "community",
    "address",
    "in_service_on",
    "stops",
    "residents",
    "ownership",
    "maintainer_id",  # None: the file names no maintenance company; the register's stays
)


class ElevatorRecords(Sequence[dict[str, Any]]):
    """Checked elevator rows held column by column (`columns`, by the keys of ELEVATOR_KEYS).

    A 300,000-row file is checked and written without a dict per row (building them, then taking
    them apart again to write, was a second of each import); a record is made as a dict only when
    one is read, as the preview does. A record without a maintenance company has no
    "maintainer_id"."""

    def __init__(self, columns: Sequence[Sequence[Any]]) -> None:
        self.columns: dict[str, Sequence[Any]] = dict(zip(ELEVATOR_KEYS, columns, strict=True))

    @classmethod
    def of(cls, records: Sequence[dict[str, Any]]) -> ElevatorRecords:
        return cls([[record.get(key) for record in records] for key in ELEVATOR_KEYS])

    def __len__(self) -> int:
        return len(self.columns["number"])

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        record = {key: column[index] for key, column in self.columns.items()}
        if record["maintainer_id"] is None:
            del record["maintainer_id"]
        return record


def _duplicate(seen: dict[Any, int], key: Any, number: int) -> str | None:
    if key in seen:
        return f"与第 {seen[key]} 行重复"
    seen[key] = number
    return None


def _maintainer(values: Sequence[Any], known: dict[str, int]) -> tuple[int | None, str | None]:
    """The optional 维保单位 columns: (the maintenance company's organisation id, or None when the
    columns are absent or blank; the problem). The company must be registered: its code decides,
    the name is for the reader."""
    if len(values) <= len(ELEVATOR_HEADERS):
        return None, None
    name, code = values[len(ELEVATOR_HEADERS) :]
    if code is None:
        return None, ("填写维保单位时须填写其统一社会信用代码" if name else None)
    found = known.get(code)
    return found, (None if found is not None else "未登记的维保单位")


def elevators(rows: Rows) -> tuple[ElevatorRecords, list[RowError]]:
    districts = queries.districts_by_code_and_name()
    maintainers = queries.maintainers()
    whole = _clean_elevators(rows, districts, maintainers)
    if whole is not None:
        return whole, []
    records: list[dict[str, Any]] = []
    errors: list[RowError] = []
    seen: dict[Any, int] = {}
    units: dict[str, str] = {}
    headers = ELEVATOR_HEADERS + MAINTAINER_HEADERS
    for number, values, cells in rows:
        (elevator, code, unit, uscc, district, community, address, since, stops, residents,
         ownership) = values[: len(ELEVATOR_HEADERS)]  # fmt: skip
        problems = []
        if reason := _duplicate(seen, elevator, number):
            problems.append((0, reason))
        if units.setdefault(uscc, unit) != unit:
            problems.append((2, f"与同一统一社会信用代码的单位名称“{units[uscc]}”不一致"))
        district_id = districts.get(district)
        if district_id is None:
            problems.append((4, "未知的区县（应为名称或 GB/T 2260 代码）"))
        maintainer, reason = _maintainer(values, maintainers)
        if reason:
            problems.append((len(headers) - 1, reason))
        if problems:
            errors.extend(RowError(number, headers[i], cells[i], r) for i, r in problems)
        else:
            records.append(
                ({"maintainer_id": maintainer} if maintainer is not None else {})
                | {
                    "number": elevator,
                    "registration_code": code,
                    "unit_name": unit,
                    "uscc": uscc,
                    "district_id": district_id,
                    "community": community,
                    "address": address,
                    "in_service_on": since,
                    "stops": stops,
                    "residents": residents,
                    "ownership": ownership,
                }
            )
    return ElevatorRecords.of(records), errors


def _clean_elevators(
    rows: Rows, districts: dict[str, int], maintainers: dict[str, int]
) -> ElevatorRecords | None:
    """The records of a file whose every row passes, judged column by column (distinct numbers,
    one name per credit code, known districts and maintenance companies); None when any row may
    fail, for the row-by-row checks to name it."""
    if not rows:
        return ElevatorRecords([[] for _ in ELEVATOR_KEYS])
    columns = list(zip(*(values for _number, values, _cells in rows), strict=True))
    numbers, _code, names, codes, places = columns[:5]
    if len(set(numbers)) != len(numbers) or len(set(zip(codes, names, strict=True))) != len(
        set(codes)
    ):
        return None
    if not set(places) <= districts.keys():
        return None
    given: list[int | None] | None = None
    if len(columns) > len(ELEVATOR_HEADERS):  # the 维保单位 columns
        company, company_code = columns[len(ELEVATOR_HEADERS) :]
        if not set(company_code) - {None} <= maintainers.keys():
            return None
        if any(name for name, code in zip(company, company_code, strict=True) if code is None):
            return None
        given = [maintainers.get(code) if code is not None else None for code in company_code]
    district_ids = list(map(districts.__getitem__, places))
    return ElevatorRecords(
        [*columns[:4], district_ids, *columns[5 : len(ELEVATOR_HEADERS)],
         given if given is not None else [None] * len(numbers)]
    )  # fmt: skip


def unit_elevators(rows: Rows, unit: Any) -> Checked:
    """A user unit's own upload: every row's 使用单位统一社会信用代码 is the unit's own, and an
    elevator another unit holds is not moved to it."""
    owners = queries.elevator_owners()
    own_code, own_id = unit.uscc, unit.id  # read once: an ORM attribute costs per row
    if all(values[3] == own_code and owners.get(values[0], own_id) == own_id
           for _number, values, _cells in rows):  # fmt: skip
        return elevators(rows)
    kept: Rows = []
    errors: list[RowError] = []
    for number, values, cells in rows:
        if values[3] != own_code:
            errors.append(
                RowError(number, ELEVATOR_HEADERS[3], cells[3], "不是本单位的统一社会信用代码")
            )
        elif owners.get(values[0], own_id) != own_id:
            errors.append(
                RowError(number, ELEVATOR_HEADERS[0], cells[0], "电梯编号已由其他使用单位登记")
            )
        else:
            kept.append((number, values, cells))
    records, more = elevators(kept)
    return records, errors + more


def policies(rows: Rows, insurer: int | None = None) -> Checked:
    """`insurer`: the uploading insurer's id; its staff may import only its own policies."""
    insurers = queries.insurers()
    elevators = queries.elevator_ids()
    terms = queries.policy_terms()
    records: list[dict[str, Any]] = []
    errors: list[RowError] = []
    seen: dict[Any, int] = {}
    insurer_of: dict[str, str] = {}
    for number, values, cells in rows:
        policy, uscc, elevator, product, approval, premium, source, starts, ends, status = values
        problems = []
        insurer_id = insurers.get(uscc)
        if insurer_id is None:
            problems.append((1, "未登记的保险机构"))
        elif insurer is not None and insurer_id != insurer:
            problems.append((1, "不是本机构的保单"))
        elif insurer_of.setdefault(policy, uscc) != uscc:
            problems.append((1, "同一保单号的保险机构不一致"))
        elevator_id = elevators.get(elevator)
        if elevator_id is None:
            problems.append((2, "未知的电梯编号"))
        elif reason := _duplicate(seen, (policy, elevator), number):
            problems.append((2, reason))
        if ends < starts:
            problems.append((8, "终止日期早于起保日期"))
        elif elevator_id is not None:
            others = terms.setdefault(elevator_id, [])
            clash = next(
                (o for o in others if o[0] != policy and o[1] <= ends and starts <= o[2]), None
            )
            if clash:
                problems.append((7, f"与保单 {clash[0]}（{clash[1]} 至 {clash[2]}）期间重叠"))
            else:
                others.append((policy, starts, ends))
        errors.extend(RowError(number, POLICY_HEADERS[i], cells[i], r) for i, r in problems)
        if not problems:
            records.append(
                {
                    "number": policy,
                    "elevator_id": elevator_id,
                    "insurer_id": insurer_id,
                    "product": product,
                    "approval_no": approval,
                    "premium": premium,
                    "source": source,
                    "starts_on": starts,
                    "ends_on": ends,
                    "status": status,
                }
            )
    return records, errors


def claims(rows: Rows, insurer: int | None = None) -> Checked:
    """`insurer`: the uploading insurer's id; its staff may import only claims on its policies."""
    elevators = queries.elevator_ids()
    policy_ids = {
        key: value[0]
        for key, value in queries.policies().items()
        if insurer is None or value[1] == insurer  # value: (id, insurer_id, ...)
    }
    policy_numbers = {number for number, _elevator in policy_ids}
    own = set(policy_ids.values())
    taken = (
        {n for n, v in queries.claims().items() if v[1] not in own}
        if insurer is not None
        else set()
    )  # claim numbers another insurer holds: an upload may not move them
    records: list[dict[str, Any]] = []
    errors: list[RowError] = []
    seen: dict[Any, int] = {}
    for number, values, cells in rows:
        claim, policy, elevator, occurred, reported, surveyed, assessed, paid, amount, payee = (
            values
        )
        problems = []
        if reason := _duplicate(seen, claim, number):
            problems.append((0, reason))
        elif claim in taken:
            problems.append((0, "赔案号已由其他保险机构登记"))
        elevator_id = elevators.get(elevator)
        policy_id = policy_ids.get((policy, elevator_id or 0))
        if policy not in policy_numbers:
            problems.append((1, "未知的保单号"))
        elif elevator_id is None:
            problems.append((2, "未知的电梯编号"))
        elif policy_id is None:
            problems.append((2, "该保单不承保此电梯"))
        if reported < occurred:
            problems.append((4, "报案时间早于出险时间"))
        for i, later in ((5, surveyed), (6, assessed), (7, paid)):
            if later is not None and later < reported:
                problems.append((i, f"{CLAIM_HEADERS[i][:2]}时间早于报案时间"))
        if paid is not None and amount is None:
            problems.append((8, "已支付的赔案须填写赔付金额"))
        errors.extend(RowError(number, CLAIM_HEADERS[i], cells[i], r) for i, r in problems)
        if not problems:
            records.append(
                {
                    "number": claim,
                    "policy_id": policy_id,
                    "occurred_at": occurred,
                    "reported_at": reported,
                    "surveyed_at": surveyed,
                    "assessed_at": assessed,
                    "paid_at": paid,
                    "amount": amount,
                    "payee": payee,
                }
            )
    return records, errors


def surveys(rows: Rows) -> Checked:
    units = queries.user_units()
    insurers = queries.insurers()
    records: list[dict[str, Any]] = []
    errors: list[RowError] = []
    seen: dict[Any, int] = {}
    headers = ["使用单位统一社会信用代码", "保险机构统一社会信用代码", "测评日期"]
    for number, values, cells in rows:
        unit, insurer, rated_on, score, comments = values
        problems = []
        if unit not in units:
            problems.append((0, "未登记的使用单位"))
        if insurer not in insurers:
            problems.append((1, "未登记的保险机构"))
        if not problems and (reason := _duplicate(seen, (unit, insurer, rated_on), number)):
            problems.append((2, reason))
        errors.extend(RowError(number, headers[i], cells[i], r) for i, r in problems)
        if not problems:
            records.append(
                {
                    "user_unit_id": units[unit],
                    "insurer_id": insurers[insurer],
                    "rated_on": rated_on,
                    "score": score,
                    "comments": comments,
                }
            )
    return records, errors
