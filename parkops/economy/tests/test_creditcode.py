"""统一社会信用代码 (GB 32100-2015): real codes pass, and each kind of slip is named in Chinese."""

import pytest
from django.core.exceptions import ValidationError

from parkops.economy.creditcode import (
    check_character,
    credit_code_problem,
    is_valid_credit_code,
    normalise_code,
    validate_credit_code,
)

REAL_CODES = ["91440300708461136T", "91110108551385082Q", "914403001922038216"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert credit_code_problem(code) is None
    assert check_character(code[:17]) == code[17]
    validate_credit_code(code)


def test_a_wrong_check_character_names_the_right_one():
    problem = credit_code_problem("91440300708461136U")

    assert problem == "统一社会信用代码“91440300708461136U”的校验位应为“T”，实为“U”，请核对是否抄错。"


def test_two_swapped_digits_are_caught_by_the_check_character():
    assert not is_valid_credit_code("91440300708461163T")


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_the_standard_leaves_out_are_refused(letter):
    code = f"9144030070846113{letter}T"

    assert credit_code_problem(code) == (f"统一社会信用代码“{code}”含有不允许的字符：{letter}"
                                         "（不使用I、O、Z、S、V）。")


@pytest.mark.parametrize(("code", "length"), [("9144030070846113", 16), ("91440300708461136TT", 19), ("", 0)])
def test_a_code_of_the_wrong_length_says_how_long_it_is(code, length):
    assert credit_code_problem(code) == f"统一社会信用代码应为18位，“{code}”为{length}位。"


def test_full_width_lower_case_and_spaced_input_is_normalised():
    assert normalise_code("９１４４０３００７０８４６１１３６ｔ") == "91440300708461136T"
    assert normalise_code(" 9144 0300\u30007084 6113 6t ") == "91440300708461136T"
    assert is_valid_credit_code("９１４４０３００７０８４６１１３６ｔ")


def test_the_model_validator_raises_the_chinese_message():
    with pytest.raises(ValidationError) as raised:
        validate_credit_code("91110108551385082A")

    assert raised.value.messages == ["统一社会信用代码“91110108551385082A”的校验位应为“Q”，实为“A”，请核对是否抄错。"]
