"""The 重点项目进展情况表 on the report engine, and the 项目调度周报, as their readers check them."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import pytest

from parkops.org.choices import LeaderLevel
from parkops.projects import lights
from parkops.projects.choices import ProblemCategory, ProjectKind
from parkops.projects.exporters import build_table
from parkops.projects.models import Project
from parkops.reports.builtin.project_progress import progress_template, table_docx
from parkops.reports.models import ReportTemplate
from parkops.reports.services import active_template, generate_report
from parkops.testing.factories import (
    DecisionFactory,
    DispatchMeetingFactory,
    MonthlyProgressFactory,
    PersonFactory,
    ProblemFactory,
    ProjectFactory,
    UnitFactory,
    YearPlanFactory,
)
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

MAY = date(2025, 5, 1)
DAY = date(2025, 6, 20)  # a Friday of ISO week 25; the week is 6月14日 to 6月20日
A4_PORTRAIT_POINTS = (595, 842)


def yi(text: str) -> Decimal:
    return Decimal(text) * 10000


@pytest.fixture
def projects(park):
    """Seed 003's projects to the end of May 2025: one red (5% of its plan against 41.67% of the year),
    one yellow (30%), one green standard factory; two open problems, one twelve days overdue; the
    previous dispatch meeting with its minutes and a decision not yet passed on."""
    industry, park_office = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="高新区")
    power = UnitFactory(park=park, name="发改委")
    wang = PersonFactory(park=park, name="王晓君", level=LeaderLevel.PARK)
    qianzhao = ProjectFactory(park=park, name="乾照光电LED外延片及芯片项目", enterprise_name="厦门乾照光电股份有限公司",
                              total_investment=yi("50"), leader=wang, responsible_unit=industry)
    YearPlanFactory(project=qianzhao, year=2025, planned_investment=yi("12"))
    MonthlyProgressFactory(project=qianzhao, period=MAY, invested=yi("0.6"), image_progress="一区厂房主体施工")
    ProblemFactory(project=qianzhao, description="10KV新建线路尚未送电", category=ProblemCategory.UTILITIES,
                   raised_on=date(2025, 5, 6), deadline=date(2025, 6, 8), responsible_unit=power)
    ProblemFactory(project=qianzhao, description="化学品库用地尚未交付", raised_on=date(2025, 6, 17),
                   deadline=date(2025, 6, 30), responsible_unit=park_office)
    weike = ProjectFactory(park=park, name="维科南昌基地铝壳电池项目", enterprise_name="维科技术股份有限公司",
                           total_investment=yi("25"), responsible_unit=park_office)
    YearPlanFactory(project=weike, year=2025, planned_investment=yi("8"))
    MonthlyProgressFactory(project=weike, period=MAY, invested=yi("2.4"), image_progress="桩基施工完成60%")
    factory = ProjectFactory(park=park, name="工控云创港标准厂房", kind=ProjectKind.STANDARD_FACTORY,
                             total_investment=yi("12.5"), leader=wang)
    YearPlanFactory(project=factory, year=2025, planned_investment=yi("5"))
    MonthlyProgressFactory(project=factory, period=MAY, invested=yi("2.5"), image_progress="承台地梁钢筋绑扎")
    meeting = DispatchMeetingFactory(park=park, held_on=date(2025, 6, 13), title="重点项目周调度会（6月13日）",
                                     minutes="会议听取了各项目推进情况汇报。\n会议要求各责任单位倒排工期。")
    DecisionFactory(meeting=meeting, project=weike, unit=park_office, text="督促施工单位增加作业面",
                    deadline=date(2025, 6, 18))
    return park


def rows_of(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def document_of(content) -> docx.Document:
    return docx.Document(BytesIO(bytes(content)))


# -- 重点项目进展情况表 -------------------------------------------------------------------------------------


def test_the_report_prints_the_rows_and_totals_of_the_projects_export(projects):
    report = generate_report("project_progress", park=projects, period=MAY, day=DAY)

    def light_of(project):
        return lights.compute_project_light(project, today=DAY).light

    exported = table_docx(build_table(park=projects, year=2025, period=MAY, include_light=True, light_of=light_of,
                                      today=DAY))
    printed, expected = rows_of(document_of(report.docx).tables[0]), rows_of(document_of(exported).tables[0])
    assert printed == expected
    assert printed[0][5] == "1-5月\n完成投资\n（亿元）" and printed[0][-1] == "亮灯"
    assert printed[1] == ["一、产业项目（2个）"] * 12
    assert printed[2][1] == "乾照光电LED外延片及芯片项目" and printed[2][3:7] == ["50.00", "12.00", "0.60", "5.00%"]
    assert printed[2][-1] == "红灯"
    assert printed[-1][1:7] == ["合计", "", "87.50", "25.00", "5.50", "22.00%"]
    assert report.title == f"{projects}2025年重点项目进展情况表"


def test_the_reports_totals_are_traced_and_the_modules_download_has_no_appendix(projects):
    report = document_of(generate_report("project_progress", park=projects, period=MAY, day=DAY).docx)
    download = document_of(table_docx(build_table(park=projects, year=2025, period=MAY, today=DAY)))

    sources = rows_of(report.tables[-1])
    assert sources[0] == ["序号", "数字", "数值", "口径", "来源"]
    assert ["重点项目总投资合计（亿元）", "87.50"] in [row[1:3] for row in sources]
    assert ["年度投资完成率（合计）", "22.00%"] in [row[1:3] for row in sources]
    assert len(download.tables) == 1 and "本报告数字来源" not in [p.text for p in download.paragraphs]


def test_the_modules_download_follows_the_template_in_use(projects):
    active_template("project_progress")
    edited = docx.Document(BytesIO(progress_template()))
    edited.paragraphs[1].runs[0].text = "内部资料　{{ date_line }}"
    buffer = BytesIO()
    edited.save(buffer)
    ReportTemplate.objects.filter(report_type="project_progress").update(is_active=False)
    ReportTemplate.objects.create(report_type="project_progress", version=2, content=buffer.getvalue(),
                                  filename="改.docx", is_active=True)

    download = document_of(table_docx(build_table(park=projects, year=2025, period=MAY, today=DAY)))

    assert download.paragraphs[1].text == "内部资料　日期：2025年6月20日"


# -- 项目调度周报 ------------------------------------------------------------------------------------------


@pytest.fixture
def weekly(projects):
    report = generate_report("project_weekly", park=projects, period=MAY, day=DAY)
    return report, document_of(report.docx)


def paragraphs(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_the_weekly_counts_the_lights_of_its_day(weekly, projects):
    report, document = weekly
    counts = lights.light_counts(lights.with_lights(Project.objects.filter(park=projects, is_active=True), today=DAY))

    assert report.title == "重点项目调度周报（2025年第25期）"
    assert (counts["red"], counts["yellow"], counts["green"]) == (1, 1, 1)
    assert (f"在调度重点项目3个，其中红灯{counts['red']}个、黄灯{counts['yellow']}个、绿灯{counts['green']}个、"
            f"未开始{counts['grey']}个。未解决的困难问题2个，其中已逾期1个。") in paragraphs(document)


def test_the_red_and_yellow_projects_are_listed_with_their_reasons(weekly):
    _, document = weekly
    text = paragraphs(document)

    red = text[text.index("二、红灯项目（1个）"):text.index("三、黄灯项目")]
    assert "1. 乾照光电LED外延片及芯片项目（挂点领导：王晓君；责任单位：工信局）。亮灯原因：1-5月完成投资6000万元" in red
    assert "落后36.67个百分点" in red
    yellow = text[text.index("三、黄灯项目（1个）"):text.index("四、未解决的困难问题")]
    assert "维科南昌基地铝壳电池项目（责任单位：高新区）" in yellow


def test_an_overdue_problem_is_listed_with_its_days_overdue(weekly):
    _, document = weekly

    problems = next(rows_of(t) for t in document.tables if rows_of(t)[0][-1] == "逾期天数")
    assert problems[1][1:] == ["乾照光电LED外延片及芯片项目", "10KV新建线路尚未送电", "水电气", "发改委", "6月8日", "12天"]
    assert problems[2][2] == "化学品库用地尚未交付" and problems[2][-1] == "未逾期"


def test_the_weeks_changes_and_the_previous_meetings_decisions(weekly):
    _, document = weekly
    text = paragraphs(document)

    assert "本周（6月14日至6月20日）项目进展变化：新提出困难问题1个。" in text
    assert "（一）乾照光电LED外延片及芯片项目" in text
    assert "1. （6月17日）新提出困难问题（土地）：化学品库用地尚未交付，责任单位：高新区，办结期限：6月30日。" in text
    assert "重点项目周调度会（6月13日）（2025年6月13日）议定事项1项。" in text
    assert "会议要求各责任单位倒排工期。" in text
    decisions = next(rows_of(t) for t in document.tables if rows_of(t)[0][-1] == "落实情况")
    assert decisions[1][1:] == ["督促施工单位增加作业面", "维科南昌基地铝壳电池项目", "高新区", "6月18日",
                                "未转办，已逾期2天"]


def test_libreoffice_prints_the_weekly_portrait_with_page_numbers(weekly, tmp_path):
    report, _ = weekly
    source = tmp_path / "周报.docx"
    source.write_bytes(bytes(report.docx))

    (pdf,) = render_pdf(tmp_path, source)

    _, size = pdf_pages(pdf)
    assert size == A4_PORTRAIT_POINTS
    text = pdf_text(pdf)
    for expected in ("重点项目调度周报（2025年第25期）", "四、未解决的困难问题（2个）", "12天", "本报告数字来源", "—1—"):
        assert expected in text
