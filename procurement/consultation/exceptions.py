"""The lawful exceptions to the minimum of suppliers in a competitive consultation, as data.

The rule set says how many suppliers a consultation needs (`consultation_suppliers`, 3, with its
citation: procurement/rulesets/data). Fewer may continue only in these cases, which the committee
records with its explanation when it invites the final offers; otherwise the invitation is refused,
and an opening of final offers with fewer valid offers ends the procedure (第三十四条).
Both are taken from secondary sources (DOMAIN.md does not quote them yet): to check against the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class LawfulException:
    code: str
    label: Any
    minimum: int  # suppliers (and valid final offers) the case allows
    citation: str
    confirmed: bool = False


EXCEPTIONS: tuple[LawfulException, ...] = (
    LawfulException(
        "purchased_service",
        _l("A government-purchased service with only 2 qualified suppliers"),
        2,
        "《关于政府采购竞争性磋商采购方式管理暂行办法有关问题的补充通知》（财库〔2015〕124号）",
    ),
    LawfulException(
        "research",
        _l("Research with insufficient competition, or a supported transfer of research results"),
        2,
        "《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第三条第四项、第二十一条第三款",
    ),
)
BY_CODE = {case.code: case for case in EXCEPTIONS}
