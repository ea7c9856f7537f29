"""The 督办通报: what the supervisors' weekly paper says, as its readers check it."""

from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from parkops.org.choices import LeaderLevel
from parkops.reports import engine, registry
from parkops.reports.registry import ReportRequest
from parkops.reports.services import generate_report
from parkops.supervision import selectors, services
from parkops.supervision.models import ProgressReport, ReportEvent, Task
from parkops.testing.factories import PersonFactory, PlanFactory, TaskFactory, UnitFactory, UserFactory
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

MONDAY = date(2025, 11, 3)  # ISO week 45; the week is 10月28日 to 11月3日
A4_PORTRAIT_POINTS = (595, 842)
YI = Decimal(10000)  # 万元 in 1亿元


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def accept(task, unit, supervisor, *, period: date, text: str, on: date, figure=None, done=False):
    """A report submitted and accepted, its review trail dated `on`."""
    figures = {task.targets.get().pk: figure * YI} if figure is not None else {}
    report = services.report_submit(task=task, unit=unit, user=supervisor, period=period, text=text,
                                    figures=figures, claims_done=done)
    services.report_accept(report=report, user=supervisor)
    ReportEvent.objects.filter(report=report).update(at=at(on))
    ProgressReport.objects.filter(pk=report.pk).update(reviewed_at=at(on), submitted_at=at(on))


@pytest.fixture
def plan(park):
    """Four tasks of a monthly plan: one that fell behind this week on a report accepted this week, one
    finished this week, one never started, one steadily on schedule."""
    supervisor = UserFactory(username="duban", role="supervisor")
    industry, park_office = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="高新区")
    commerce = UnitFactory(park=park, name="商务局")
    zhou = PersonFactory(park=park, name="周洁")
    liao = PersonFactory(park=park, name="廖国峰", level=LeaderLevel.PARK)
    plan = PlanFactory(park=park, name="2025年县《政府工作报告》目标任务", year=2025)

    revenue = TaskFactory(plan=plan, number="9", text="大力推进新型工业化，力争工业营业收入达到720亿元。",
                          lead_units=[industry])
    services.task_targets_from_text(revenue)
    reform = TaskFactory(plan=plan, number="19", text="加快高新区机制体制改革。", lead_units=[park_office])
    market = TaskFactory(plan=plan, number="24", text="适时启动丰林工业新区纺织品市场规划。", lead_units=[commerce])
    services.task_set_people(task=market, county_leaders=[zhou], park_leaders=[liao], lead_units=[commerce])
    steady = TaskFactory(plan=plan, number="20", text="加快丰林工业新区三期开发。", lead_units=[park_office])

    september, october = date(2025, 9, 1), date(2025, 10, 1)
    accept(revenue, industry, supervisor, period=september, text="1-9月营业收入540亿元。", on=date(2025, 10, 10),
           figure=540)
    accept(revenue, industry, supervisor, period=october, text="1-10月营业收入500亿元。", on=date(2025, 10, 30),
           figure=500)
    accept(reform, park_office, supervisor, period=september, text="改革方案已起草。", on=date(2025, 10, 10))
    accept(reform, park_office, supervisor, period=october, text="职能配置规定已正式印发。", on=date(2025, 10, 29),
           done=True)
    accept(steady, park_office, supervisor, period=september, text="拆迁工作已完成。", on=date(2025, 10, 10))
    Task.objects.filter(plan=plan).update(created_at=at(date(2025, 1, 10)))
    return plan


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def row_of(document, text: str) -> list[str]:
    """The first table row whose first cell starts with `text`."""
    for table in document.tables:
        for row in rows(table):
            if row[0].startswith(text):
                return row
    raise AssertionError(f"no row starting {text}")


def section(document, heading: str, next_heading: str) -> str:
    texts = [p.text for p in document.paragraphs]
    start = next(i for i, t in enumerate(texts) if t.startswith(heading))
    end = next(i for i, t in enumerate(texts) if t.startswith(next_heading))
    return "\n".join(texts[start:end])


@pytest.fixture
def bulletin(plan):
    report = generate_report("supervision_bulletin", park=plan.park, period=date(2025, 10, 1), day=MONDAY)
    return report, docx.Document(BytesIO(bytes(report.docx)))


def test_the_title_is_numbered_by_the_week_of_its_day(bulletin):
    report, document = bulletin

    assert report.title == "督办通报（2025年第45期）"
    assert document.paragraphs[1].text == "第45期"


def test_the_bulletin_has_the_red_header_of_an_official_bulletin_and_is_signed_by_the_committee(bulletin):
    """GB/T 9704-2012 版头: the issuing name in red 方正小标宋 over the issue, who edits it and the day, and a
    red line under them; the text ends with the 管委会 and the date it is written."""
    _, document = bulletin
    organ, issue, edited, title = document.paragraphs[:4]

    assert organ.text == "高新区督查督办通报" and organ.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = organ.runs[0]
    assert str(run.font.color.rgb) == "FF0000" and run.font.size >= Pt(26)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert issue.text == "第45期"
    assert edited.text == "高新区督查室编\t2025年11月3日"
    rule = edited._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and rule.get(qn("w:val")) == "single"
    assert title.text == "关于2025年县《政府工作报告》目标任务推进情况的通报"
    body = [p.text for p in document.paragraphs if p.text]
    signed = body.index("高新区管委会")
    assert body[signed + 1] == "2025年11月3日" and body[signed + 2] == "附件"


def test_the_counts_are_the_task_lists_counts(bulletin, plan):
    _, document = bulletin
    tasks = selectors.with_lights(Task.objects.filter(plan=plan).with_listing_data(), today=MONDAY)
    counts = selectors.light_counts(tasks)

    summary = section(document, "一、总体情况", "二、")
    assert (f"共有督办任务4项，其中逾期{counts['overdue']}项、滞后{counts['behind']}项、未启动{counts['not_started']}项、"
            f"序时推进{counts['on_schedule']}项、已完成{counts['done']}项") in summary
    assert (counts["behind"], counts["not_started"], counts["done"], counts["on_schedule"]) == (1, 1, 1, 1)


def test_each_count_links_to_the_task_list_of_its_plan_and_light(plan):
    report_type = registry.get("supervision_bulletin")
    context = engine.build_context(report_type, ReportRequest(park=plan.park, period=date(2025, 10, 1), day=MONDAY))

    behind = context["counts"]["behind"]
    assert behind.text == "1项"
    assert behind.url.endswith(f"?plan={plan.pk}&light=behind")
    assert "滞后" in behind.definition


def test_a_lagging_task_is_listed_with_its_lead_unit_and_leaders(bulletin):
    _, document = bulletin

    market = row_of(document, "24.适时启动")
    assert market[1:5] == ["未启动", "商务局", "周\u3000洁", "廖国峰"]
    assert market[5] == "尚无审核采纳的进展报告"
    revenue = row_of(document, "9.大力推进")
    assert revenue[1:3] == ["滞后", "工信局"] and "落后13.89个百分点" in revenue[5]
    assert "2025年县《政府工作报告》目标任务" not in [r[0] for r in rows(document.tables[0])]  # one plan: no plan rows


def test_units_are_ranked_by_their_late_tasks(bulletin):
    _, document = bulletin

    units = next(rows(t) for t in document.tables if rows(t)[0][:2] == ["名次", "牵头单位"])
    assert units[1:] == [["1", "工信局", "1项", "0项", "1项", "1项"]]  # 商务局's task is 未启动, not late


def test_a_task_that_fell_behind_on_a_report_accepted_this_week_is_a_change(bulletin):
    """A week ago task 9 had only its September report accepted, and was on schedule; the October
    report accepted on 10月30日 put it behind. Task 20 did not change and is not listed."""
    _, document = bulletin

    changes = next(rows(t) for t in document.tables if rows(t)[0][:4] == ["重点工作", "牵头单位", "一周前", "本周"])
    by_task = {row[0].split(".")[0]: row[1:4] for row in changes[1:]}
    assert by_task["9"] == ["工信局", "序时推进", "滞后"]
    assert by_task["19"] == ["高新区", "序时推进", "已完成"]
    assert "20" not in by_task and "24" not in by_task
    assert "与一周前相比，2项任务灯色发生变化。" in section(document, "（一）灯色变化", "（二）")


def test_newly_completed_tasks_and_the_reports_accepted_this_week(bulletin):
    _, document = bulletin

    completed = section(document, "（二）新完成任务", "（三）")
    assert "本周新完成任务1项" in completed
    assert "19.加快高新区机制体制改革。（牵头单位：高新区）" in completed
    accepted = next(rows(t) for t in document.tables if rows(t)[0][:2] == ["重点工作", "报送单位"])
    assert [row[1:4] for row in accepted[1:]] == [["高新区", "2025年10月", "10月29日"],
                                                  ["工信局", "2025年10月", "10月30日"]]  # not September's


def test_libreoffice_prints_the_bulletin_portrait_with_page_numbers(bulletin, tmp_path):
    report, _ = bulletin
    source = tmp_path / "督办通报.docx"
    source.write_bytes(bytes(report.docx))

    (pdf,) = render_pdf(tmp_path, source)

    pages, size = pdf_pages(pdf)
    assert size == A4_PORTRAIT_POINTS
    text = pdf_text(pdf)
    for expected in ("高新区督查督办通报", "第45期", "二、逾期、滞后和未启动的任务", "高新区管委会", "商务局", "本报告数字来源", "—1—"):
        assert expected in text
