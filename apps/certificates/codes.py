"""Verification codes: 15 Crockford base32 symbols shown as XXXXX-XXXXX-XXXXX, 14 drawn from a
cryptographic source (70 bits) and a Luhn mod 32 check symbol, so that a mistyped code is told apart from
one that was never issued.

Canonical form: upper case, dashes after the fifth and tenth symbol. Input is forgiven what people get
wrong when they copy a code: case, spaces, dashes, O for 0 and I or L for 1."""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
RANDOM_SYMBOLS = 14
LENGTH = RANDOM_SYMBOLS + 1
PATTERN = r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}"

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


class MalformedCode(ValueError):
    """Not a code at all: wrong length or symbols outside the alphabet."""


class MistypedCode(ValueError):
    """The right shape, but the check symbol does not match: a typing mistake."""


def _luhn_sum(values: list[int], *, start_factor: int) -> int:
    total, factor = 0, start_factor
    for value in reversed(values):
        addend = factor * value
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return total


def check_symbol(body: str) -> str:
    """The Luhn mod 32 check symbol of the 14 random symbols."""
    total = _luhn_sum([_VALUE[s] for s in body], start_factor=2)
    return ALPHABET[(BASE - total % BASE) % BASE]


def is_valid_check(symbols: str) -> bool:
    return _luhn_sum([_VALUE[s] for s in symbols], start_factor=1) % BASE == 0


def format_code(symbols: str) -> str:
    return f"{symbols[0:5]}-{symbols[5:10]}-{symbols[10:15]}"


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return format_code(body + check_symbol(body))


def normalize(raw: str) -> str:
    """The canonical spelling of a typed code, or MalformedCode / MistypedCode."""
    if raw is None or len(raw) > 64:
        raise MalformedCode(raw)
    symbols = _SEPARATORS.sub("", raw).upper().translate(_CONFUSIONS)
    if len(symbols) != LENGTH or any(s not in _VALUE for s in symbols):
        raise MalformedCode(raw)
    if not is_valid_check(symbols):
        raise MistypedCode(raw)
    return format_code(symbols)
