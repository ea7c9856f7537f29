"""One date format: 2026-12-02 in tables (django-tables2's date columns use the short format), 2026年12月2日
in prose and documents."""

from datetime import date, datetime

import django_tables2 as tables
from django.template import Context, Template
from django.test import RequestFactory


class Deadlines(tables.Table):
    deadline = tables.DateColumn(verbose_name="办结期限")
    sent_at = tables.DateTimeColumn(verbose_name="发送时间")


def test_a_table_shows_dates_as_2026_12_02():
    html = Deadlines([{"deadline": date(2026, 12, 2), "sent_at": datetime(2026, 12, 2, 9, 5)}]).as_html(
        RequestFactory().get("/"))

    assert "2026-12-02" in html and "2026-12-02 09:05" in html and "年" not in html


def test_prose_says_2026年12月2日():
    assert Template("{{ day|date }}").render(Context({"day": date(2026, 12, 2)})) == "2026年12月2日"
