"""统一社会信用代码 validation (GB 32100-2015)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from procurement.accounts import uscc

# A code printed on a public business licence, used as a known-good example.
PUBLISHED_EXAMPLE = "91350100M000100Y43"

bodies = st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17)


def test_a_published_code_is_valid():
    assert uscc.problem(PUBLISHED_EXAMPLE) is None


def test_check_character_by_hand():
    # 9*1 + 1*3 + 5*9 + 0*27 + 0*19 + 0*26 + 0*16 + 0*17 + M(21)*20 + A(10)*29 + 0*25 + 0*13
    # + 0*8 + 0*24 + 0*10 + 0*30 + 1*28 = 9+3+45+420+290+28 = 795; 795 mod 31 = 20; 31-20 = 11 -> B
    assert uscc.check_character("91500000MA0000001") == "B"


def test_wrong_length_and_characters_and_check_are_told_apart():
    assert uscc.problem(PUBLISHED_EXAMPLE[:-1]) == "length"
    assert uscc.problem(PUBLISHED_EXAMPLE + "0") == "length"
    assert uscc.problem("91350100I000100Y43") == "characters"  # I is not in the alphabet
    assert uscc.problem("91350100m000100Y43") == "characters"  # lower case before normalising
    assert uscc.problem("91350100M000100Y44") == "check"


@given(bodies)
def test_the_computed_check_character_always_validates(body):
    assert uscc.is_valid(body + uscc.check_character(body))


@given(bodies, st.integers(min_value=0, max_value=16), st.sampled_from(uscc.ALPHABET))
def test_any_single_substitution_is_detected(body, position, replacement):
    code = body + uscc.check_character(body)
    changed = code[:position] + replacement + code[position + 1 :]
    assert uscc.is_valid(changed) == (changed == code)
