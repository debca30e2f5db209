"""The rule parameter notation shared by the criteria and template editors."""

from __future__ import annotations

import pytest

from procurement.rulenotation import ParameterError, format_rule, parse_number, parse_rule


@pytest.mark.parametrize(
    ("text", "number"), [("2", 2), (" 0.5 ", 0.5), ("95", 95), ("1e3", 1000), ("-1", -1)]
)
def test_numbers_are_read_as_json_numbers(text, number):
    value = parse_number(text)
    assert value == number and type(value) is type(number)


@pytest.mark.parametrize(
    "text", ["1e999999999", "-1e999999999", "1e-999999999", "9" * 16, "1" * 5000]
)
def test_huge_numbers_are_refused_at_once(app, text):
    """Issue 13 item 9: `int(Decimal("1e999999999"))` froze the server for 13 minutes."""
    with app.test_request_context():
        with pytest.raises(ParameterError, match="超出范围"):
            parse_number(text)
        with pytest.raises(ParameterError, match="超出范围"):
            parse_rule("bands", f"{text}:3")


@pytest.mark.parametrize("text", ["x", "NaN", "sNaN", "Infinity", ""])
def test_non_numbers_are_refused(app, text):
    with app.test_request_context(), pytest.raises(ParameterError, match="不是数字"):
        parse_number(text)


def test_a_rule_reads_back_as_written(app):
    with app.test_request_context():
        for rule_type, text in (
            ("bands", "225:10, 200:7"),
            ("deduct", "2"),
            ("relative", "lower"),
            ("checklist", "iot:2, paperless:1.5"),
            ("price_deviation", "k=0.05, above=1, below=0.5, trim=7/1/1"),
            ("price_deviation", "k=0, above=2|5|3, below=1|8|4, trim=5/1/1, deviation_decimals=2"),
        ):
            assert format_rule(parse_rule(rule_type, text)) == text


def test_price_segments_read_as_the_engine_wants_them(app):
    with app.test_request_context():
        rule = parse_rule("price_deviation", "k=0, above=1, below=1|8|4, deviation_decimals=2")
        assert rule["below"] == [{"to": 8, "per_point": 1}, {"to": None, "per_point": 4}]
        assert rule["above"] == 1
        assert rule["deviation_decimals"] == 2
        with pytest.raises(ParameterError, match="1|8|4"):
            parse_rule("price_deviation", "k=0, above=1, below=1|8")
