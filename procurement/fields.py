"""Posted numbers, checked before any arithmetic: the one way a form or a view reads a decimal.

`Decimal` accepts `sNaN`, `NaN`, `Infinity` and `1e999999999`; comparing the first two raises, and
rounding or `int()` of the last ran for minutes. `parse_decimal` refuses all of them by looking only at
the text and the digits `Decimal` parsed (its sign, digit tuple and exponent, no arithmetic), then
checks the range. `BoundedDecimalField` is WTForms' `DecimalField` reading through it (its errors are
shown after the field's label); views and editors that read a number by hand call `parse_decimal`
themselves and name the field with `NumberError.message_naming`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField
from wtforms.validators import NumberRange, StopValidation

from procurement.errors import DomainError

__all__ = ["BoundedDecimalField", "BoundedIntegerField", "NumberError", "parse_decimal"]

# Plain notation, the way people and <input type="number"> write numbers; an exponent is let through
# and bounded below with the other digits (1e999999999 is "out of range", not "not a number").
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
MAX_TEXT_LENGTH = 64  # longer text is refused before the pattern reads it

Bound = Decimal | int | float


class NumberError(DomainError):
    """A posted number is refused. Forms show the message after the field's label; a view that reads
    a number by hand names the field with `message_naming(label)`."""

    messages = {
        "not_a_number": _l("Enter a number, like 1234.56."),
        "too_many_digits": _l("Out of range: at most %(digits)s digits before the decimal point."),
        "too_many_decimals": _l("At most %(decimals)s digits after the decimal point."),
        "no_decimals": _l("Enter a whole number."),
        "between": _l("Enter a number from %(min)s to %(max)s."),
        "at_least": _l("Enter a number of at least %(min)s."),
        "at_most": _l("Enter a number of at most %(max)s."),
    }

    def message_naming(self, field: Any) -> str:
        """The message in the current language after `field` (a label, lazy or not)."""
        return _("%(field)s: %(problem)s", field=field, problem=self.message)


def parse_decimal(
    text: str,
    *,
    max_digits: int = 15,
    decimals: int = 4,
    minimum: Bound | None = None,
    maximum: Bound | None = None,
) -> Decimal:
    """`text` as a finite Decimal of at most `max_digits` digits, `decimals` of them after the point,
    within [minimum, maximum]; NumberError otherwise. A minus sign is refused where minimum >= 0
    (so "-0" is too)."""
    text = text.strip()
    if len(text) > MAX_TEXT_LENGTH or not PLAIN_NUMBER.fullmatch(text):
        raise NumberError("not_a_number" if decimals else "no_decimals")
    value = Decimal(text)  # cannot fail: the pattern admits only what Decimal reads
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or Infinity; the pattern lets neither through
        raise NumberError("not_a_number")
    # Trailing zeros after the point say nothing (3000.10 has two decimals, not three).
    significant = list(digits)
    while exponent < 0 and len(significant) > 1 and significant[-1] == 0:
        significant.pop()
        exponent += 1
    if not any(significant):
        significant, exponent = [0], 0
    after_point = max(0, -exponent)
    before_point = max(0, len(significant) + exponent)
    if after_point > decimals:
        if decimals == 0:
            raise NumberError("no_decimals")
        raise NumberError("too_many_decimals", decimals=decimals)
    if before_point > max_digits - decimals:
        raise NumberError("too_many_digits", digits=max_digits - decimals)
    negative = sign == 1
    if (
        (minimum is not None and (value < minimum or (negative and minimum >= 0)))
        or (maximum is not None and value > maximum)
    ):  # fmt: skip
        raise _range_error(minimum, maximum)
    if negative and not any(significant):
        return value.copy_abs()  # "-0" where negatives are allowed
    if exponent > 0:  # 1e3 written out as 1000, from the digits rather than by arithmetic
        return Decimal((sign, (*significant, *[0] * exponent), 0))
    return value


def _range_error(minimum: Bound | None, maximum: Bound | None) -> NumberError:
    if minimum is not None and maximum is not None:
        return NumberError("between", min=_show(minimum), max=_show(maximum))
    if minimum is not None:
        return NumberError("at_least", min=_show(minimum))
    return NumberError("at_most", max=_show(maximum))


def _show(bound: Bound | None) -> str:
    text = f"{bound:,f}" if isinstance(bound, Decimal) else f"{bound:,}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class BoundedDecimalField(DecimalField):
    """A DecimalField that refuses NaN, infinities, huge exponents and too many digits before any
    arithmetic, and numbers outside [min, max] (taken from a NumberRange validator when not given).

    `places` is DecimalField's (decimals shown); `decimals` is how many a visitor may enter (default:
    `places`, or 4 when `places` is None); `max_digits` counts the digits on both sides of the point.
    """

    def __init__(
        self,
        label: Any = None,
        validators: list[Any] | tuple[Any, ...] | None = None,
        *,
        places: int | None = 2,
        decimals: int | None = None,
        max_digits: int = 15,
        min: Bound | None = None,  # the names NumberRange uses
        max: Bound | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, places=places, **kwargs)
        self.decimals = decimals if decimals is not None else (places if places is not None else 4)
        self.max_digits = max_digits
        self.minimum, self.maximum = _range_of(validators, min, max)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            return  # empty: left to Optional / DataRequired, as with DecimalField
        try:
            self.data = parse_decimal(
                str(valuelist[0]),
                max_digits=self.max_digits,
                decimals=self.decimals,
                minimum=self.minimum,
                maximum=self.maximum,
            )
        except NumberError as error:
            self.data = None
            raise ValueError(error.message) from error  # shown after the label

    def pre_validate(self, form: Any) -> None:
        # One message for a refused number: the validators would add "required" or a range of None.
        if self.process_errors:
            raise StopValidation()


class BoundedIntegerField(IntegerField):
    """An IntegerField read like `BoundedDecimalField` with no decimals: "-0", "1e9", 40 digits and
    numbers outside [min, max] are refused with the same messages; the data is an `int`."""

    def __init__(
        self,
        label: Any = None,
        validators: list[Any] | tuple[Any, ...] | None = None,
        *,
        max_digits: int = 15,
        min: Bound | None = None,
        max: Bound | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.max_digits = max_digits
        self.minimum, self.maximum = _range_of(validators, min, max)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            self.data = int(
                parse_decimal(
                    str(valuelist[0]),
                    max_digits=self.max_digits,
                    decimals=0,
                    minimum=self.minimum,
                    maximum=self.maximum,
                )
            )
        except NumberError as error:
            self.data = None
            raise ValueError(error.message) from error

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            raise StopValidation()


def _range_of(
    validators: list[Any] | tuple[Any, ...] | None, minimum: Bound | None, maximum: Bound | None
) -> tuple[Bound | None, Bound | None]:
    """The bounds given, or else those of the field's NumberRange validator."""
    ranges = [v for v in validators or () if isinstance(v, NumberRange)]
    if ranges:
        minimum = ranges[0].min if minimum is None else minimum
        maximum = ranges[0].max if maximum is None else maximum
    return minimum, maximum
