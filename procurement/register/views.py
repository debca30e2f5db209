"""The register's pages: the import templates, one per kind, for every signed-in account (they hold
the headers, optional ones included, and one example row, nothing of the register); the insurer's
pages are in insurer_views.py."""

from __future__ import annotations

from typing import Any

from flask import abort

import procurement.register.city_views  # noqa: F401  # the city regulator's page
import procurement.register.community_views  # noqa: F401  # the user unit's page
import procurement.register.correction_views  # noqa: F401  # the district office's corrections
import procurement.register.district_views  # noqa: F401  # the district office's pages
import procurement.register.insurer_views  # noqa: F401  # the insurer's pages
import procurement.register.maintainer_views  # noqa: F401  # the insurer's maintenance companies
import procurement.register.performance_views  # noqa: F401  # insurers' performance (public)
import procurement.register.report_views  # noqa: F401  # submitted versions, frozen
import procurement.register.target_views  # noqa: F401  # targets and the pilot dashboard
from procurement.downloads import send_download
from procurement.register.blueprint import bp
from procurement.register.rows import HEADERS, OPTIONAL_HEADERS
from procurement.security import SIGNED_IN, roles

EXAMPLES = {
    "elevators": ["50010300001", "31105001002018060001", "某小区业主委员会", "91500103MA5U000001",
                  "渝中区", "某小区", "解放碑街道某路1号", "2012-05-01", "18", "120", "单一产权",
                  "某电梯维保有限公司", "91500100000000006W"],
    "policies": ["PDEL2025000001", "91500000202868000X", "50010300001", "电梯综合保险",
                 "渝金监备〔2024〕1号", "2400", "物业专项维修资金", "2025-01-01", "2025-12-31", "已承保"],
    "claims": ["CLM2025000001", "PDEL2025000001", "50010300001", "2025-03-01 08:10",
               "2025-03-01 08:30", "2025-03-01 10:00", "2025-03-02 09:00", "2025-03-05 16:00",
               "3200", "某电梯维保有限公司"],
    "surveys": ["91500103MA5U000001", "91500000202868000X", "2025-11-20", "92", "理赔及时"],
}  # fmt: skip


@bp.route("/pilot/templates/<kind>.<fmt>")
@roles(SIGNED_IN)
def template(kind: str, fmt: str) -> Any:
    if kind not in HEADERS or fmt not in {"csv", "xlsx"}:
        abort(404)
    from procurement.maintenance.generate import upload_file  # imports numpy: not at app start

    headers = HEADERS[kind] + OPTIONAL_HEADERS.get(kind, [])
    data = upload_file(headers, [EXAMPLES[kind]], fmt)
    return send_download(data, f"pilot-{kind}-template.{fmt}")
