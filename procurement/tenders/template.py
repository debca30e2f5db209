"""The built-in criteria template for elevator-insurance tenders (DOMAIN.md §2), 100 points.

Criteria use the scoring engine's format (docs/scoring-format.md) plus two keys of the app's own:
`source`, the bid value an objective criterion reads (procurement.bids.fields.SOURCES), and
`guidance`, shown to committee members and bidders.
"""

from __future__ import annotations

import copy
from typing import Any

GROUPS = ("qualification", "service", "terms", "rate", "platform", "price")

REQUIREMENTS: list[dict[str, str]] = [
    {"id": "licence", "text": "持有经营保险业务许可证"},
    {"id": "local_branch", "text": "在本市设有经授权的市级分支机构"},
    {"id": "credit", "text": "未被列入信用中国失信名单或政府采购严重违法失信行为记录名单"},
    {"id": "no_major_violation", "text": "近三年无重大违法记录"},
    {"id": "filed_clauses", "text": "保险条款和费率经批准或者备案（提供批准文号或备案号及文件）"},
    {
        "id": "solvency_floor",
        "text": "综合偿付能力充足率不低于100%，核心偿付能力充足率不低于50%，风险综合评级B类及以上",
    },
]

CRITERIA: list[dict[str, Any]] = [
    {"id": "solvency", "name": "综合偿付能力充足率", "group": "qualification", "max_points": 10,
     "rule": {"type": "bands", "bands": [[225, 10], [200, 7], [100, 3]]}, "source": "solvency_ratio",
     "guidance": "≥225% 得10分，≥200% 得7分，≥100% 得3分"},
    {"id": "penalties", "name": "近三年行政处罚", "group": "qualification", "max_points": 6,
     "rule": {"type": "deduct", "per_unit": 2}, "source": "penalties",
     "guidance": "每次行政处罚扣2分，扣完为止"},
    {"id": "track_record", "name": "电梯保险或共保体业绩", "group": "qualification", "max_points": 6,
     "rule": {"type": "per_unit", "per_unit": 1}, "source": "track_record",
     "guidance": "每个项目得1分，最高6分"},
    {"id": "local_network", "name": "本地服务网络", "group": "qualification", "max_points": 3,
     "rule": {"type": "bands", "bands": [[10, 3], [5, 2], [1, 1]]}, "source": "outlets",
     "guidance": "服务网点≥10个得3分，≥5个得2分，≥1个得1分"},
    {"id": "claims_plan", "name": "理赔方案", "group": "service", "max_points": 8,
     "rule": {"type": "subjective", "levels": [8, 6, 4, 0]},
     "guidance": "理赔流程、向维保单位直接支付、争议处理：优8分，良6分，中4分，差0分"},
    {"id": "time_commitments", "name": "查勘、定损、赔付时效承诺", "group": "service", "max_points": 6,
     "rule": {"type": "relative", "better": "lower"}, "source": "commitment_hours",
     "guidance": "三项时效合计最短者得满分，其余按 最短合计/本投标合计×6 计分"},
    {"id": "team", "name": "专职服务团队", "group": "service", "max_points": 6,
     "rule": {"type": "per_unit", "per_unit": 0.5}, "source": "team_size",
     "guidance": "现场人员、电梯工程师、查勘车辆每项每个计0.5分，最高6分"},
    {"id": "risk_reduction", "name": "风险减量服务", "group": "service", "max_points": 6,
     "rule": {"type": "subjective", "levels": [6, 3, 0]},
     "guidance": "维保抽查、检验检测、防灾减损投入：优6分，中3分，差0分"},
    {"id": "maintenance_evaluation", "name": "维保单位评测与公示机制", "group": "service", "max_points": 4,
     "rule": {"type": "subjective"}, "guidance": "评测指标、频次、公示方式的完整性与可操作性，0–4分"},
    {"id": "coverage", "name": "保障范围", "group": "terms", "max_points": 6,
     "rule": {"type": "deduct", "per_unit": 1}, "source": "coverage_missing",
     "guidance": "零部件及人工、困人补偿、第三者责任、人为破坏及代位追偿、更新改造补助，每缺一项扣1分"},
    {"id": "limits", "name": "保险限额与免赔", "group": "terms", "max_points": 4,
     "rule": {"type": "bands", "bands": [[50, 4], [30, 3], [10, 1]]}, "source": "annual_limit",
     "guidance": "每台电梯年累计限额≥50万元得4分，≥30万元得3分，≥10万元得1分"},
    {"id": "rate_table", "name": "费率方案", "group": "rate", "max_points": 5,
     "rule": {"type": "subjective"},
     "guidance": "费率按梯龄、楼层、用途、维保记录浮动的合理性，及备案证明，0–5分"},
    {"id": "platform", "name": "信息化平台", "group": "platform", "max_points": 8,
     "rule": {"type": "checklist",
              "items": {"iot": 2, "hotline_96333": 2, "online_claims": 2, "paperless": 2}},
     "source": "platform", "guidance": "物联网监测、96333对接、线上理赔及进度查询、无纸化维保数据，每项2分"},
    {"id": "reports", "name": "风险报告", "group": "platform", "max_points": 2,
     "rule": {"type": "checklist", "items": {"monthly_risk_report": 1, "quarterly_owner_report": 1}},
     "source": "reports", "guidance": "向监管部门月度报告、向业主季度报告，每项1分"},
    {"id": "price", "name": "投标报价", "group": "price", "max_points": 20,
     "rule": {"type": "price"}, "source": "price",
     "guidance": "低价优先法：满足要求的最低报价为基准价，报价得分 = 基准价/投标报价×20"},
]  # fmt: skip


def builtin_criteria() -> list[dict[str, Any]]:
    return copy.deepcopy(CRITERIA)


def builtin_requirements() -> list[dict[str, str]]:
    return copy.deepcopy(REQUIREMENTS)
