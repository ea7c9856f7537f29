"""The 半年 / 年度工作总结 draft: the seeds' skeleton in order, each area's figures equal to what the
modules compute for the same range, the half-year and the year told apart, and an area the system
knows nothing of left for the person to fill in rather than printed as a zero."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from parkops.core import officedoc
from parkops.core.formatting import format_pct, format_yi
from parkops.economy import figures
from parkops.economy.models import Honour, Indicator, IndicatorTarget
from parkops.economy.tests.economy_data import enterprise, record
from parkops.projects import statistics
from parkops.projects.choices import ProblemStatus, Stage
from parkops.reports import pdf, registry, services
from parkops.reports.builtin.work_summary.template import PENDING
from parkops.reports.registry import ReportRequest
from parkops.supervision import selectors
from parkops.supervision.choices import Light, ReportStatus
from parkops.supervision.models import ProgressReport, Task
from parkops.testing.factories import (
    DispatchMeetingFactory,
    MilestoneFactory,
    MonthlyProgressFactory,
    PlanFactory,
    ProblemFactory,
    ProjectFactory,
    StageEventFactory,
    TaskFactory,
    YearPlanFactory,
    month,
)

JUNE, OCTOBER, DECEMBER = month(2025, 6), month(2025, 10), month(2025, 12)


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    """The Word file is what these tests read; the PDF step would only add LibreOffice's seconds."""
    monkeypatch.setattr(pdf, "soffice", lambda: None)


def summary_of(park, period: date) -> list[str]:
    report = services.generate_report("work_summary", park=park, period=period)
    return [p.text for p in docx.Document(BytesIO(bytes(report.docx))).paragraphs if p.text.strip()]


def following(paragraphs: list[str], heading: str) -> str:
    return paragraphs[paragraphs.index(heading) + 1]


def with_text(paragraphs: list[str], start: str) -> str:
    return next(p for p in paragraphs if p.startswith(start))


@pytest.fixture
def park_year(park, unit):
    """A park's 2025: three projects (one started the year before, one in the first half, one in
    August), a problem solved and one overdue, a dispatch meeting, two enterprises' statistics, and a
    plan of three tasks: one done, one past its deadline, one not started."""
    park.short_name = "德安高新区"
    park.save()
    started_before = ProjectFactory(park=park, name="弘鼎机械项目")
    StageEventFactory(project=started_before, stage=Stage.STARTED, on=date(2024, 11, 5))
    StageEventFactory(project=started_before, stage=Stage.UNDER_CONSTRUCTION, on=date(2025, 1, 15))
    first_half = ProjectFactory(park=park, name="伟创力项目")
    StageEventFactory(project=first_half, stage=Stage.STARTED, on=date(2025, 3, 10))
    StageEventFactory(project=first_half, stage=Stage.COMPLETED, on=date(2025, 5, 20))
    august = ProjectFactory(park=park, name="集好新材料项目")
    StageEventFactory(project=august, stage=Stage.SIGNED, on=date(2025, 2, 1))
    StageEventFactory(project=august, stage=Stage.STARTED, on=date(2025, 8, 1))
    MilestoneFactory(project=august, name="开工", planned_on=date(2025, 8, 1))
    for project in (started_before, first_half, august):
        YearPlanFactory(project=project, year=2025, planned_investment=20000)
    MonthlyProgressFactory(project=started_before, period=month(2025, 2), invested=5000)
    MonthlyProgressFactory(project=started_before, period=month(2025, 7), invested=7000)
    ProblemFactory(project=started_before, description="施工用电尚未接入", raised_on=date(2025, 4, 1),
                   status=ProblemStatus.SOLVED, resolved_on=date(2025, 5, 10), resolution="供电公司已送电")
    ProblemFactory(project=august, description="用地指标尚未落实", raised_on=date(2025, 5, 1),
                   deadline=date(2025, 6, 1), responsible_unit=unit)
    DispatchMeetingFactory(park=park, held_on=date(2025, 6, 2))

    heavy = enterprise(park, "德安重工")
    Honour.objects.create(enterprise=heavy, name="高新技术企业", awarded_on=date(2025, 4, 20))
    Honour.objects.create(enterprise=heavy, name="省级智能工厂", awarded_on=date(2025, 9, 1))
    textile = enterprise(park, "华兴纺织")
    record(park, month(2024, 5), {heavy: {"revenue": 100000}, textile: {"revenue": 50000}})
    record(park, month(2025, 5), {heavy: {"revenue": 120000}, textile: {"revenue": 60000}})
    record(park, month(2024, 8), {heavy: {"revenue": 160000}, textile: {"revenue": 80000}})
    record(park, month(2025, 8), {heavy: {"revenue": 200000}, textile: {"revenue": 90000}})

    plan = PlanFactory(park=park, name="2025年县《政府工作报告》目标任务", year=2025)
    done = TaskFactory(plan=plan, number="9", text="完成园区污水处理厂二期建设。", lead_units=[unit])
    ProgressReport.objects.create(task=done, unit=unit, period=month(2025, 4), text="已建成投运", claims_done=True,
                                  status=ReportStatus.ACCEPTED, submitted_at=timezone.now())
    TaskFactory(plan=plan, number="19", text="3月底前完成智慧园区平台招标。", deadline=date(2025, 3, 31),
                lead_units=[unit])
    TaskFactory(plan=plan, number="20", text="启动丰林工业新区纺织品市场规划。", lead_units=[unit])
    return plan


# -- (a) The seeds' skeleton, in order, in the standard's fonts ------------------------------------------


def test_the_summary_follows_the_seeds_skeleton_in_order(park, park_year):
    report = services.generate_report("work_summary", park=park, period=JUNE)
    document = docx.Document(BytesIO(bytes(report.docx)))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]

    skeleton = ["一、2025年上半年工作情况", "（一）经济运行", "（二）重点项目建设", "（三）目标任务督办",
                "（四）招商引资", "（五）土地盘活与标准厂房", "（六）企业服务与诉求办理", "（七）安全环保与平安建设",
                "（八）党的建设", "二、存在的问题", "三、2025年下半年工作计划"]
    positions = [texts.index(heading) for heading in skeleton]
    assert positions == sorted(positions)
    # The title breaks where its meaning does; the file keeps it on one line.
    assert texts[0] == "德安高新区2025年上半年工作总结\n及下半年工作计划"
    assert report.title == "德安高新区2025年上半年工作总结及下半年工作计划"
    # The appendix of sources closes the document, after the plan.
    assert texts.index("本报告数字来源") > texts.index("三、2025年下半年工作计划")

    def east_asian_font(text: str) -> str:
        run = next(p for p in paragraphs if p.text == text).runs[0]
        return run._r.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asian_font("一、2025年上半年工作情况") == officedoc.HEITI
    assert east_asian_font("（二）重点项目建设") == officedoc.KAITI
    assert east_asian_font(texts[0]) == officedoc.TITLE_FONT
    assert east_asian_font(following(texts, "（二）重点项目建设")) == officedoc.BODY_FONT
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


# -- (b) Each figure is what its module says for the range ---------------------------------------------


def test_a_project_started_in_the_half_year_is_counted_and_listed_and_others_are_not(park, park_year):
    texts = summary_of(park, JUNE)

    opening = following(texts, "（二）重点项目建设")
    # 弘鼎 is under way; 伟创力 was completed in May; 集好 had only signed by June.
    assert opening.startswith("上半年，园区新开工项目1个，竣工项目1个，投产项目0个；截至2025年6月30日，在建项目1个")
    # Started the year before, or in August: neither is a new start of the first half.
    assert "1.伟创力项目，3月10日开工。" in texts
    assert not any("弘鼎机械项目，" in t and "开工" in t for t in texts)
    assert not any("集好新材料项目，8月1日开工" in t for t in texts)
    assert "1.伟创力项目，5月20日竣工。" in texts
    # 上半年 investment: February's report only, against the year's plan of the three projects.
    assert "上半年重点项目完成投资5000万元，占年度计划投资6.00亿元的8.33%。" in opening
    assert with_text(texts, "上半年召开项目调度会") == "上半年召开项目调度会1次，收集项目建设困难问题2个，协调解决1个。"
    assert "1.弘鼎机械项目：施工用电尚未接入（供电公司已送电），5月10日办结。" in texts


def test_the_year_to_date_figures_equal_the_modules_own(park, park_year):
    IndicatorTarget.objects.create(park=park, year=2025, indicator=Indicator.objects.get(code="revenue"),
                                   amount=580000)
    texts = summary_of(park, OCTOBER)
    as_of = date(2025, 10, 31)

    stats = statistics.project_statistics(park=park, year=2025, today=as_of)
    opening = following(texts, "（二）重点项目建设")
    assert opening.startswith(f"1-10月，园区新开工项目{stats.total.new_starts}个，竣工项目{stats.total.completed}个，"
                              f"投产项目{stats.total.in_production}个；截至2025年10月31日，"
                              f"在建项目{stats.total.under_construction}个（系统共登记重点项目{stats.total.projects}个）")
    assert stats.total.new_starts == 2
    assert (f"完成投资{format_yi(stats.total.invested)}，占年度计划投资{format_yi(stats.total.planned_investment)}"
            f"的{format_pct(stats.total.completion_rate)}") in opening

    # The economy opens on the latest month reported within the range: 1-8月 here.
    economy = figures.economy_summary(park=park, period=month(2025, 8))
    revenue = economy.indicators["revenue"]
    assert following(texts, "（一）经济运行").startswith(
        f"1-8月，园区规上工业企业{economy.enterprises}家，实现营业收入{format_yi(revenue.cumulative)}，"
        f"同比增长{format_pct(revenue.yoy_same_basis_pct)}")
    assert "1-8月，园区规上工业企业2家，实现营业收入29.00亿元，同比增长20.83%" in following(texts, "（一）经济运行")
    assert f"营业收入完成年度目标58.00亿元的{format_pct(revenue.completion_pct)}。" in texts
    assert revenue.completion_pct == 50

    tasks = selectors.with_lights(Task.objects.filter(plan=park_year).with_listing_data(reports_until=OCTOBER),
                                  today=as_of)
    counts = selectors.light_counts(tasks)
    assert following(texts, "（三）目标任务督办") == (
        f"2025年县《政府工作报告》目标任务共3项，截至2025年10月31日，已完成{counts[Light.DONE]}项，"
        f"序时推进{counts[Light.ON_SCHEDULE]}项，滞后{counts[Light.BEHIND]}项，逾期{counts[Light.OVERDUE]}项，"
        f"未启动{counts[Light.NOT_STARTED]}项。")
    assert counts[Light.DONE] == 1 and counts[Light.OVERDUE] == 1


def test_the_half_year_reads_the_may_statistics_and_lists_problems_and_next_steps(park, park_year):
    texts = summary_of(park, JUNE)

    assert following(texts, "（一）经济运行").startswith(
        "1-5月，园区规上工业企业2家，实现营业收入18.00亿元，同比增长20.00%。")
    # Honours awarded in the half-year; September's belongs to the next summary.
    assert "新获认定高新技术企业1家：德安重工。" in texts
    assert not any("省级智能工厂" in t for t in texts)
    problems = texts[texts.index("二、存在的问题"):texts.index("三、2025年下半年工作计划")]
    assert "目标任务方面，截至2025年6月30日，滞后、逾期的任务1项：" in problems
    assert any(t.startswith("1.2025年县《政府工作报告》目标任务第19项：3月底前完成智慧园区平台招标。（逾期：")
               for t in problems)
    assert "项目建设方面，逾期未办结的困难问题1个：" in problems
    assert "1.集好新材料项目：用地指标尚未落实（责任单位工信局，办结期限6月1日）" in problems
    plan = texts[texts.index("三、2025年下半年工作计划"):]
    assert "继续推进尚未完成的目标任务2项：" in plan
    assert "1.集好新材料项目：开工，计划2025年8月1日完成。" in plan


def test_every_number_is_traced_to_its_records(park, park_year):
    report = services.generate_report("work_summary", park=park, period=JUNE)
    context = registry.get("work_summary").build_context(ReportRequest(park=park, period=JUNE))

    new_starts = context["projects"]["new_starts"]
    assert (new_starts.text, new_starts.url) == ("1个", reverse("projects:dispatch"))
    overdue = context["supervision"]["plans"][0]["overdue"]
    assert (overdue.text, overdue.url) == ("1项", f"{reverse('supervision:task_list')}?plan={park_year.pk}&light=overdue")
    revenue = context["economy"]["indicators"][0]
    assert revenue["amount"].url == f"{reverse('economy:dashboard')}?period=2025-05&indicator=revenue"
    assert revenue["growth"].text == "20.00%"
    # The appendix lists what the document printed: at least the economy's, the projects' and the plan's.
    assert report.figure_count >= 15


# -- (c) Half-year, 1-N月 and year ------------------------------------------------------------------------


@pytest.mark.parametrize(("period", "title", "first", "plan", "opening"), [
    (month(2025, 3), "德安高新区2025年上半年工作总结及下半年工作计划", "一、2025年上半年工作情况",
     "三、2025年下半年工作计划", "上半年，"),
    (JUNE, "德安高新区2025年上半年工作总结及下半年工作计划", "一、2025年上半年工作情况",
     "三、2025年下半年工作计划", "上半年，"),
    (OCTOBER, "德安高新区2025年1-10月工作总结及下一步工作计划", "一、2025年1-10月工作情况",
     "三、下一步工作计划", "1-10月，"),
    (DECEMBER, "德安高新区2025年度工作总结及2026年工作计划", "一、2025年工作情况", "三、2026年工作计划", "全年，"),
])
def test_the_month_chosen_makes_a_half_year_a_year_to_date_or_a_year(park, park_year, period, title, first, plan,
                                                                    opening):
    texts = summary_of(park, period)

    assert texts[0].replace("\n", "") == title
    assert first in texts and plan in texts
    assert following(texts, "（二）重点项目建设").startswith(opening)


def test_a_half_year_does_not_count_what_happened_after_june(park, park_year):
    """Drawn up in November, the 上半年 summary still stops at 30 June."""
    half = following(summary_of(park, month(2025, 3)), "（二）重点项目建设")
    year = following(summary_of(park, DECEMBER), "（二）重点项目建设")

    assert "新开工项目1个" in half and "截至2025年6月30日" in half and "完成投资5000万元" in half
    assert "新开工项目2个" in year and "截至2025年12月31日" in year and "完成投资1.20亿元" in year


# -- (d) Nothing held, nothing printed -----------------------------------------------------------------


def test_an_area_the_system_holds_nothing_of_is_left_to_fill_in_not_zero(park):
    # Projects that came into the system in 2026 say nothing of 2025.
    StageEventFactory(project=ProjectFactory(park=park), stage=Stage.STARTED, on=date(2026, 3, 1))

    texts = summary_of(park, DECEMBER)

    for heading in ("（一）经济运行", "（二）重点项目建设", "（三）目标任务督办", "（四）招商引资",
                    "（五）土地盘活与标准厂房", "（六）企业服务与诉求办理"):
        assert following(texts, heading) == PENDING
    body = texts[:texts.index("三、2026年工作计划")]
    assert not any("0个" in t or "0家" in t or "0项" in t for t in body)


def test_a_park_that_keeps_no_meetings_here_gets_no_meeting_count(park, park_year):
    from parkops.projects.models import DispatchMeeting

    DispatchMeeting.objects.all().delete()
    texts = summary_of(park, JUNE)

    assert with_text(texts, "上半年收集项目建设困难问题") == "上半年收集项目建设困难问题2个，协调解决1个。"
    assert not any("调度会" in t for t in texts)
