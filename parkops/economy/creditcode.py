"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17.

Written here rather than taken from a package: the rule is ten lines of the standard, and the packages
on PyPI that check it are unmaintained one-file projects whose messages are not in Chinese.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
LENGTH = 18


def normalise_code(text: str) -> str:
    """As people type it: half- or full-width, any case, with spaces."""
    text = (text or "").strip().upper()
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    return "".join(text.split())


def check_character(first17: str) -> str:
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why a (normalised) code is not a valid credit code, in Chinese; None when it is valid."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为18位，“{code}”为{len(code)}位。"
    wrong = sorted({char for char in code if char not in _VALUE})
    if wrong:
        return f"统一社会信用代码“{code}”含有不允许的字符：{'、'.join(wrong)}（不使用I、O、Z、S、V）。"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码“{code}”的校验位应为“{expected}”，实为“{code[17]}”，请核对是否抄错。"
    return None


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(normalise_code(value))
    if problem:
        raise ValidationError(problem, code="credit_code")


def is_valid_credit_code(text: str) -> bool:
    return credit_code_problem(normalise_code(text)) is None
