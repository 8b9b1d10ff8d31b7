"""Verification codes: shape, check symbol, forgiving input."""

import re

import pytest

from apps.certificates import codes


def test_a_new_code_has_the_canonical_shape_and_a_valid_check_symbol():
    for _ in range(500):
        code = codes.new_code()
        assert re.fullmatch(codes.PATTERN, code)
        assert codes.normalize(code) == code


def test_codes_are_not_sequential_or_repeated():
    drawn = {codes.new_code() for _ in range(5000)}
    assert len(drawn) == 5000
    # Each of the 14 random positions takes (nearly) every symbol over 5000 draws.
    for position in [0, 6, 12, 16]:
        assert len({code[position] for code in drawn}) == 32


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        "{bare}",
        "  {spaced}  ",
        "{with_o}",
    ],
)
def test_common_ways_of_mistyping_the_spelling_still_find_the_code(typed):
    body = "0123456789ABC1"
    code = codes.format_code(body + codes.check_symbol(body))
    variants = {
        "code": code,
        "lower": code.lower(),
        "bare": code.replace("-", ""),
        "spaced": code.replace("-", " "),
        "with_o": code.replace("0", "O").replace("1", "l"),
    }
    assert codes.normalize(typed.format(**variants)) == code


def test_every_single_symbol_typo_is_caught_by_the_check_symbol():
    body = "7K3QZ9M2TX4HNB"
    code = body + codes.check_symbol(body)
    for position in range(len(code)):
        for symbol in codes.ALPHABET:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            with pytest.raises(codes.MistypedCode):
                codes.normalize(typo)


def test_swapping_two_neighbouring_symbols_is_caught():
    body = "7K3QZ9M2TX4HNB"
    code = body + codes.check_symbol(body)
    for position in range(len(code) - 1):
        if code[position] == code[position + 1]:
            continue
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        with pytest.raises(codes.MistypedCode):
            codes.normalize(swapped)


@pytest.mark.parametrize("junk", ["", "ABC", "<script>alert(1)</script>", "' OR 1=1 --", "U" * 15, "X" * 5000, None])
def test_things_that_are_not_codes_are_malformed(junk):
    with pytest.raises(codes.MalformedCode):
        codes.normalize(junk)
