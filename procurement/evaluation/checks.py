"""The compliance review's checklist (符合性审查), applied by the committee to every qualified bid.

Written as data: cities word these differently, and a tender could carry its own list later.
"""

from __future__ import annotations

COMPLIANCE_CHECKS: list[dict[str, str]] = [
    {"id": "signed_sealed", "text": "投标文件按要求签字、盖章"},
    {"id": "price_within_ceiling", "text": "投标报价不超过最高限价"},
    {"id": "single_price", "text": "只有一个有效报价，未附加条件"},
    {"id": "validity", "text": "投标有效期满足招标文件要求"},
    {"id": "coverage_terms", "text": "保险责任、期限、服务范围满足实质性要求"},
    {"id": "no_unacceptable_conditions", "text": "未提出采购人不能接受的附加条件"},
]
