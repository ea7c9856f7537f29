"""“两个覆盖”工作进展情况 through the report centre: the demo campaign's figures as the seed quotes them
(摸排353家、攻坚对象288家、已覆盖94家、单建11个、联合12个、覆盖率由11.1%上升到43%), month by month, in the official
format; a park without a campaign gets a paper that says so."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.utils import timezone

from parkops.reports import registry
from parkops.reports.builtin.party_coverage import build_context
from parkops.reports.registry import ReportRequest
from parkops.reports.services import render_active
from parkops.stability.demo import build_stability

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)


def test_the_report_says_the_seeds_figures_month_by_month(park):
    build_stability(park, TODAY)
    context = build_context(ReportRequest(park=park, period=TODAY.replace(day=1), day=TODAY))
    assert (context["surveyed"], context["targets"], context["covered"]) == ("353家", "288家", "94家")
    assert (context["single"], context["joint"]) == ("11个", "12个")
    assert context["baseline"] == "11.1%" and context["rate"].startswith("43")
    assert context["months"][0]["rate"] == "11.1%" and context["months"][-1]["rate"] == context["rate"]
    document = docx.Document(BytesIO(render_active("party_coverage", context)))
    text = _text(document)
    assert "共摸排非公企业353家，确定攻坚对象288家" in text and "新成立单建党支部11个、联合党支部12个" in text
    assert "覆盖率由11.1%上升到43" in text
    assert [c.text for c in document.tables[0].rows[0].cells] == ["截至日期", "攻坚对象覆盖率"]
    assert "{{" not in text and "{%" not in text


def test_a_park_without_a_campaign_gets_a_paper_that_says_so(park):
    context = build_context(ReportRequest(park=park, period=TODAY.replace(day=1), day=TODAY))
    text = _text(docx.Document(BytesIO(render_active("party_coverage", context))))
    assert "尚未登记“两个覆盖”攻坚行动" in text and "{{" not in text


def test_it_is_a_report_type_of_the_report_centre():
    registry.collect()
    assert registry.get("party_coverage").name == "“两个覆盖”工作进展情况"
