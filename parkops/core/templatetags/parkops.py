from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from parkops.core import formatting

register = template.Library()


@register.filter
def done_at(moment, verb: str) -> str:
    """{{ chase.read_at|done_at:"签收" }}: 已于2026-12-02 09:30签收, or 已签收 when no time was kept."""
    return formatting.done_phrase(verb, moment)


@register.filter
def lines(items) -> str:
    """Several names in one cell, one per line."""
    # bandit B308: only the literal separator is marked safe; format_html_join escapes every name.
    return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in items or ()))  # nosec B308


@register.filter
def money(amount_wan) -> str:
    """万元 as a reader expects it: 亿元 from a 亿 up, 万元 below (formatting.format_money)."""
    return formatting.format_money(amount_wan)


# The filter's first name, kept for templates written with it: it follows the same rule.
register.filter("yi", money)


@register.filter
def quantity(amount, unit: str) -> str:
    return formatting.format_quantity(amount, unit)


@register.filter
def pct(value) -> str:
    """A percentage as the reports print it: 52.78%."""
    return formatting.format_pct(value)


@register.filter
def audit_changes(entry) -> list:
    """An audit line's changes, field by field in Chinese (core.audit_display)."""
    from parkops.core.audit_display import readable_changes

    return readable_changes(entry)
