"""The Jinja environment users' templates render in.

A template is code its uploader wrote, rendered again on every preview and every export by any role:
it must reach the report's fields and nothing else. Jinja's immutable sandbox already refuses
underscore attributes (the `__class__.__mro__` escape), methods that alter data and unsafe callables;
on top of that, attributes are read only from the plain values and dataclasses contexts are made of,
so a model instance or a function put in a context by mistake exposes nothing, and the operators
that could build a string or a number too large for the worker are capped.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from jinja2 import StrictUndefined, Undefined
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

# Far beyond any report (the longest prints a few thousand lines), far below what would exhaust memory.
MAX_BUILT_LENGTH = 1_000_000
MAX_POWER = 10**12

_PLAIN = (dict, list, tuple, str, int, float, Decimal, date, datetime, time, timedelta, bool, type(None),
          LoopContext, Cycler, Joiner, Namespace)  # the last four: Jinja's own loop.index and helpers


class TemplateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+"})

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return isinstance(obj, _PLAIN) or (dataclasses.is_dataclass(obj) and not isinstance(obj, type))

    def unsafe_undefined(self, obj, attribute):
        # Jinja would hand back an Undefined that prints as nothing; a refusal says where the template
        # went wrong instead of leaving a blank in the report.
        raise SecurityError(f"不允许访问“{attribute}”")

    def call_binop(self, context, operator: str, left, right):
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64 or abs(_number(left)) > MAX_POWER:
                raise SecurityError("乘方的数字过大")
            return left**right
        result_length = _built_length(operator, left, right)
        if result_length > MAX_BUILT_LENGTH:
            raise SecurityError(f"拼出的文字或列表过长（超过{MAX_BUILT_LENGTH}）")
        return super().call_binop(context, operator, left, right)


def _number(value) -> float:
    return value if isinstance(value, (int, float)) else 0


def _built_length(operator: str, left, right) -> int:
    """How long a string or list `left op right` would be, before building it."""
    if operator == "+":
        return sum(len(side) for side in (left, right) if isinstance(side, (str, list, tuple)))
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
            return len(sequence) * times
    return 0


def environment(*, strict: bool = False) -> TemplateSandbox:
    # Autoescape: names such as "A&B科技" must not break the document's XML.
    return TemplateSandbox(autoescape=True, undefined=StrictUndefined if strict else Undefined)


__all__ = ["SecurityError", "TemplateSandbox", "environment"]
