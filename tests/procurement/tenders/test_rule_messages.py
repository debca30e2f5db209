"""The criteria editor shows the engine's rule problems (scoring.rule_problems) in Chinese."""

from __future__ import annotations

import pytest

from procurement.tenders.criteria import _rule_problems


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"type": "bands", "bands": [[100, 3], [225, 12]]},
         ["甲：各档分值须在 0 与满分之间。", "甲：分档须从最高门槛起依次递减，且不得重复。"]),
        ({"type": "bands", "bands": [[1, 2], [0, 3], [-1, 4]]}, []),
        ({"type": "bands", "bands": [["x", 2], ["y", 1]]}, ["甲：请按“门槛:分值”填写分档。"]),
        ({"type": "price_deviation", "k": 1, "above": 1, "below": 1}, ["甲：k 须小于 1。"]),
        ({"type": "price_deviation", "k": 0, "above": -1, "below": 1}, ["甲：above 须为不小于 0 的数。"]),
        ({"type": "price_deviation", "k": 0, "above": 1, "below": 1,
          "trim": {"min_bids": 2, "drop_high": 1, "drop_low": 1}}, ["甲：trim 请按“最少投标数/去掉最高数/去掉最低数”填写，去掉的家数须少于最少投标数。"]),
        ({"type": "relative", "better": "higher", "colour": 1}, ["甲：该评分规则没有参数 colour。"]),
        ({"type": "checklist", "items": {"iot": 6, "paperless": 6}}, ["甲：清单各项分值之和超过该项满分。"]),
        ({"type": "magic"}, ["甲：未知的评分规则。"]),
    ],
)  # fmt: skip
def test_each_rule_problem_reads_in_chinese(app, rule, expected):
    with app.test_request_context():
        assert _rule_problems("甲", rule, 10) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"type": "price_deviation", "k": 0, "above": 1,
          "below": [{"to": 8, "per_point": 1}, {"to": 4, "per_point": 2}, {"to": None, "per_point": 4}]},
         ["甲：价格分段的终点须逐段递增。"]),
        ({"type": "price_deviation", "k": 0, "above": 1, "below": 1, "deviation_decimals": 9},
         ["甲：deviation_decimals（偏差百分点保留小数位数）须为 0 至 6 的整数。"]),
    ],
)  # fmt: skip
def test_price_segment_problems_read_in_chinese(app, rule, expected):
    with app.test_request_context():
        assert _rule_problems("甲", rule, 10) == expected
