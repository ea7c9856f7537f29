"""信访件办理情况通报 through the report centre: the demo's 76 cases of the year by source and type, closed
and on time, each unit's cases, the overdue ones and who holds them, the disputes mediated, in the
official format; no petitioner's name or number in it."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.utils import timezone

from parkops.reports import registry
from parkops.reports.builtin.petition_bulletin import build_context
from parkops.reports.registry import ReportRequest
from parkops.reports.services import render_active
from parkops.stability.demo import build_stability
from parkops.stability.models import Case

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_the_bulletin_counts_the_years_cases_and_names_no_petitioner(park):
    build_stability(park, TODAY)
    context = build_context(ReportRequest(park=park, period=TODAY.replace(day=1), day=TODAY))
    assert context["received"] == "76件" and "信访20件" in context["by_kind"]
    assert context["disputes"] == "32起" and context["resolved"] == "30起"
    assert context["overdue"] and all(row["reason"].startswith("时限") for row in context["overdue"])
    document = docx.Document(BytesIO(render_active("petition_bulletin", context)))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "共受理信访件76件" in text and "成功化解30起" in text
    assert [c.text for c in document.tables[0].rows[0].cells] == ["序号", "承办单位", "交办件数", "已办结", "逾期未办结"]
    for case in Case.objects.all():
        assert case.petitioner_phone not in text and case.petitioner_name not in text


def test_it_is_a_report_type_of_the_report_centre():
    registry.collect()
    assert registry.get("petition_bulletin").name == "信访件办理情况通报"
