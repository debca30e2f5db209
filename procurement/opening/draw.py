"""The 下浮系数 K drawn at opening (issue 14 §2), by a procedure anyone can recompute.

A `price_deviation` criterion may publish `k_candidates` instead of one `k`: the announcement lists
them, and the opening draws one. The draw is seeded by the opening record itself, which every bidder
reads once the bids are opened:

    seed  = SHA-256 of the receipt hashes of the bids in the opening record, in its order
            (64 lower-case hex characters each), joined by a line feed, no line feed at the end
    index = int(seed, 16) mod (number of candidates)          # 0 for the first candidate
    K     = candidates[index], the candidates in their published order

Nobody knows every receipt hash before the opening (each insurer sees only its own; a receipt hash
covers an encryption with fresh randomness), so nobody can choose K by choosing when or what to bid.
Standard library only: the same few lines are printed on the opening record for anyone to run.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

# The script the opening record prints, filled in with its own values (Python 3, no packages).
CHECK_SCRIPT = """import hashlib
receipts = {receipts}
candidates = {candidates}
seed = hashlib.sha256("\\n".join(receipts).encode()).hexdigest()
print(seed, candidates[int(seed, 16) % len(candidates)])"""


def seed_of(receipts: list[str]) -> str:
    return hashlib.sha256("\n".join(receipts).encode("ascii")).hexdigest()


def draw(candidates: list[float], receipts: list[str]) -> dict[str, Any]:
    """The drawn K with everything needed to check it: what the tender's `k_draw` column keeps."""
    seed = seed_of(receipts)
    index = int(seed, 16) % len(candidates)
    return {
        "candidates": list(candidates),
        "receipts": list(receipts),
        "seed": seed,
        "index": index,
        "k": candidates[index],
    }


def k_candidates(criteria: list[dict[str, Any]]) -> list[float] | None:
    """The published values of K, where a criterion draws it at opening (at most one may)."""
    for criterion in criteria:
        rule = criterion.get("rule") or {}
        if rule.get("type") == "price_deviation" and "k_candidates" in rule:
            return list(rule["k_candidates"])
    return None


def with_drawn_k(
    criteria: list[dict[str, Any]], k_draw: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The criteria as the engine reads them: K drawn at opening written in as `k` (the engine
    checks it is one of `k_candidates`). Before the draw, or without candidates, unchanged."""
    if k_draw is None or k_candidates(criteria) is None:
        return criteria
    result = copy.deepcopy(criteria)
    for criterion in result:
        rule = criterion["rule"]
        if rule.get("type") == "price_deviation" and "k_candidates" in rule:
            rule["k"] = k_draw["k"]
    return result


def k_values(values: list[float]) -> str:
    """Candidate values of K as the announcement and the record list them: 0.02、0.03、0.05."""
    return "、".join(f"{value:g}" for value in values)


def check_script(k_draw: dict[str, Any]) -> str:
    return CHECK_SCRIPT.format(
        receipts="[\n" + "".join(f'    "{r}",\n' for r in k_draw["receipts"]) + "]",
        candidates="[" + ", ".join(f"{c:g}" for c in k_draw["candidates"]) + "]",
    )
