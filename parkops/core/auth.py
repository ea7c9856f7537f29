"""Password rules of 等保: length, character classes, no username inside, no common weak pattern.
The lock-out after failed log-ins lives with the accounts, in parkops.org.lockout."""

from __future__ import annotations

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from parkops.core.weak_passwords import KEYBOARD_RUNS, LOOK_ALIKES, SHIFTED, WEAK_WORDS


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own rule with its message in Chinese: Django 5.2 reworded the message and its zh-Hans
    catalogue carries only the old wording, so the form showed it in English."""

    def get_error_message(self) -> str:
        return f"密码长度太短。密码必须包含至少 {self.min_length} 个字符。"


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


class UsernameInPasswordValidator:
    """No account name inside its password, in any case (Sysadmin#1 for sysadmin)."""

    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError("密码不能包含账号名（不区分大小写），请换一个。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含账号名。"


def _runs_of(text: str, length: int) -> bool:
    """Whether text holds `length` characters in a row of a keyboard or alphabet run, either way round."""
    for start in range(len(text) - length + 1):
        piece = text[start:start + length]
        if any(piece in run or piece in run[::-1] for run in KEYBOARD_RUNS):
            return True
    return False


class WeakPatternValidator:
    """The dressed-up common word (Admin@123, P@ssw0rd, Welcome@2026), the keyboard walk (1qaz@WSX,
    Qwer1234!), the number run (Aa123456!) and the repeated character (Aaaa1111!)."""

    message = "密码过于常见，容易被猜中（如 Admin@123、P@ssw0rd、1qaz@WSX 一类），请换一个不含常见单词和键盘顺序的密码。"

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        letters = re.sub(r"[^a-z]", "", lowered)
        # Look-alikes are read only inside the word: the digits and symbols around it stay what they are.
        core = re.sub(r"^[^a-z]+|[^a-z]+$", "", lowered)
        look_alike_letters = re.sub(r"[^a-z]", "", core.translate(LOOK_ALIKES))
        keys = re.sub(r"[^a-z0-9]", "", lowered.translate(SHIFTED))
        if (
            letters in WEAK_WORDS
            or look_alike_letters in WEAK_WORDS
            or _runs_of(keys, 6)
            or (len(letters) >= 3 and _runs_of(letters, len(letters)))
            or re.search(r"(.)\1{3,}", lowered)
        ):
            raise ValidationError(self.message, code="password_weak_pattern")

    def get_help_text(self) -> str:
        return "不能是常见单词加数字符号（如 Admin@123）、键盘顺序（如 1qaz@WSX）或连续数字。"
