"""Exporting the 重点项目进展情况表: the round trip, the official layout, the selection, and the rendering."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from parkops.org.choices import LeaderLevel
from parkops.projects.choices import ProblemCategory, ProjectKind, ProjectLevel, ProjectLight
from parkops.projects.exporters import build_table, table_xlsx
from parkops.projects.models import Project
from parkops.projects.tests.progress_tables import (
    MAY,
    import_file,
    snapshot,
    write,
    yi,
)
from parkops.reports.builtin.project_progress import table_docx
from parkops.testing.factories import (
    MonthlyProgressFactory,
    ParkFactory,
    PersonFactory,
    ProblemFactory,
    ProjectFactory,
    UnitFactory,
    YearPlanFactory,
)
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

TODAY = date(2025, 6, 20)
TITLE = "高新区2025年重点项目进展情况表"
WRITERS = {"docx": table_docx, "xlsx": table_xlsx}
A4_LANDSCAPE_POINTS = (842, 595)


@pytest.fixture
def projects(park):
    """Three projects of seed 003, with figures to the end of May 2025, and one no longer followed."""
    industry, park_office = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="高新区")
    wang = PersonFactory(park=park, name="王晓君", level=LeaderLevel.PARK)
    liao = PersonFactory(park=park, name="廖国峰", level=LeaderLevel.PARK)
    qianzhao = ProjectFactory(park=park, name="乾照光电LED外延片及芯片项目", enterprise_name="厦门乾照光电股份有限公司",
                              total_investment=yi("50"), level=ProjectLevel.PROVINCE, leader=wang,
                              responsible_unit=industry)
    YearPlanFactory(project=qianzhao, year=2025, planned_investment=yi("12"))
    MonthlyProgressFactory(project=qianzhao, period=date(2025, 4, 1), invested=yi("4.2"), image_progress="主体施工")
    MonthlyProgressFactory(project=qianzhao, period=MAY, invested=yi("1.8"), image_progress="一区、二区厂房主体工程已全部完工")
    ProblemFactory(project=qianzhao, description="10KV新建线路尚未送电", raised_on=date(2025, 5, 6))
    ProblemFactory(project=qianzhao, description="化学品库用地尚未交付", raised_on=date(2025, 5, 20),
                   category=ProblemCategory.LAND)
    weike = ProjectFactory(park=park, name="维科南昌基地铝壳电池项目", enterprise_name="维科技术股份有限公司",
                           total_investment=yi("25"), level=ProjectLevel.CITY, leader=liao,
                           responsible_unit=park_office)
    YearPlanFactory(project=weike, year=2025, planned_investment=yi("8"))
    MonthlyProgressFactory(project=weike, period=MAY, invested=yi("2.4"), image_progress="桩基施工完成60%")
    factory = ProjectFactory(park=park, name="工控云创港标准厂房", enterprise_name="江西工控云创港建设有限公司",
                             kind=ProjectKind.STANDARD_FACTORY, total_investment=yi("12.5"), leader=wang)
    YearPlanFactory(project=factory, year=2025, planned_investment=yi("5"))
    MonthlyProgressFactory(project=factory, period=date(2025, 3, 1), invested=yi("1"), image_progress="承台地梁钢筋绑扎")
    ProjectFactory(park=park, name="已退出调度的项目", is_active=False)
    return park


def rows_of(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


# -- the round trip -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_then_import_gives_back_the_same_projects_and_figures(projects, tmp_path, fmt):
    table = build_table(park=projects, year=2025, today=TODAY)
    path = write(tmp_path, f"进展情况表.{fmt}", WRITERS[fmt](table))
    other = ParkFactory(name="另一园区", short_name="另一园区")

    preview, _ = import_file(path, park=other)

    assert (preview.year, preview.period) == (2025, MAY)
    original = snapshot(projects, 2025)
    original.pop("已退出调度的项目")
    assert snapshot(other, 2025) == original
    assert len(original) == 3
    # And into the park it came from: nothing to change.
    again, outcome = import_file(path, park=projects)
    assert {line.action for line in again.projects} == {"unchanged"}, [line.changes for line in again.projects]
    assert outcome.counts["新增问题"] == 0


def test_excel_keeps_the_exact_figures_and_word_rounding_changes_nothing(projects, tmp_path):
    Project.objects.filter(name__startswith="乾照").update(total_investment=Decimal("500012.34"))
    table = build_table(park=projects, year=2025, today=TODAY)
    other = ParkFactory(name="另一园区", short_name="另一园区")

    import_file(write(tmp_path, "表.xlsx", table_xlsx(table)), park=other)
    word, _ = import_file(write(tmp_path, "表.docx", table_docx(table)), park=projects)

    assert Project.objects.get(park=other, name__startswith="乾照").total_investment == Decimal("500012.34")
    assert word.projects[0].action == "unchanged"  # "50.00" is 500012.34万元 rounded, not a new figure
    assert Project.objects.get(park=projects, name__startswith="乾照").total_investment == Decimal("500012.34")


# -- the layout -----------------------------------------------------------------------------------------


def test_word_table_is_landscape_a4_with_figures_in_yi_and_percent(projects):
    document = docx.Document(BytesIO(table_docx(build_table(park=projects, year=2025, today=TODAY))))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    title, date_line = document.paragraphs[0], document.paragraphs[1]
    assert title.text == TITLE and title.runs[0].font.size == Pt(22)
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert date_line.text == "日期：2025年6月20日"  # the figures are 1-5月'S, printed in June

    rows = rows_of(document)
    assert rows[0] == ["序号", "项目名称", "建设单位", "总投资\n（亿元）", "年度计划\n投资\n（亿元）",
                       "1-5月\n完成投资\n（亿元）", "完成率", "形象进度", "存在问题", "挂点\n领导", "责任单位"]
    assert rows[1] == ["一、产业项目（2个）"] * 11
    assert rows[2] == ["1", "乾照光电LED外延片及芯片项目", "厦门乾照光电股份有限公司", "50.00", "12.00", "6.00", "50.00%",
                       "一区、二区厂房主体工程已全部完工", "1.10KV新建线路尚未送电\n2.化学品库用地尚未交付", "王晓君", "工信局"]
    assert rows[3][1] == "维科南昌基地铝壳电池项目" and rows[3][3:7] == ["25.00", "8.00", "2.40", "30.00%"]
    assert rows[4] == ["二、标准厂房（1个）"] * 11
    assert rows[5][:8] == ["3", "工控云创港标准厂房", "江西工控云创港建设有限公司", "12.50", "5.00", "1.00", "20.00%",
                           "承台地梁钢筋绑扎"]
    assert rows[6][1:7] == ["合计", "", "87.50", "25.00", "9.40", "37.60%"]
    assert "已退出调度的项目" not in str(rows)
    cell_font = document.tables[0].rows[2].cells[1].paragraphs[0].runs[0]
    assert cell_font.font.size == Pt(10.5) and cell_font._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_excel_table_holds_numbers_formatted_in_yi_and_prints_landscape(projects):
    sheet = load_workbook(BytesIO(table_xlsx(build_table(park=projects, year=2025, today=TODAY)))).active

    assert sheet["A1"].value == TITLE and sheet["A2"].value == "日期：2025年6月20日"
    assert sheet["F3"].value == "1-5月\n完成投资\n（亿元）"
    assert {"A1:K1", "A2:K2", "A4:K4", "A7:K7"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["B5"].value == "乾照光电LED外延片及芯片项目"
    assert (sheet["D5"].value, sheet["D5"].number_format) == (50, "0.00")
    assert (sheet["G5"].value, sheet["G5"].number_format) == (0.5, "0.00%")
    assert sheet["I5"].value == "1.10KV新建线路尚未送电\n2.化学品库用地尚未交付" and sheet["I5"].alignment.wrap_text
    assert sheet["B9"].value == "合计" and sheet["E9"].value == 25
    assert sheet.freeze_panes == "C4" and sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


# -- the selection --------------------------------------------------------------------------------------


def test_selection_by_kind_and_level(projects):
    def names(table):
        return [row.project.name for row in table.rows]

    assert names(build_table(park=projects, year=2025, kinds=[ProjectKind.STANDARD_FACTORY], today=TODAY)) == [
        "工控云创港标准厂房"]
    assert names(build_table(park=projects, year=2025, levels=[ProjectLevel.PROVINCE, ProjectLevel.CITY],
                             today=TODAY)) == ["乾照光电LED外延片及芯片项目", "维科南昌基地铝壳电池项目"]


def test_selection_by_light_with_lights_from_the_caller(projects):
    lights = {"乾照光电LED外延片及芯片项目": ProjectLight.RED, "维科南昌基地铝壳电池项目": ProjectLight.YELLOW}

    table = build_table(park=projects, year=2025, lights=[ProjectLight.RED], include_light=True,
                        light_of=lambda project: lights.get(project.name, ProjectLight.GREEN), today=TODAY)

    rows = rows_of(docx.Document(BytesIO(table_docx(table))))
    assert rows[0][-1] == "亮灯" and rows[2][-1] == "红灯"
    assert [row[1] for row in rows[1:-1]] == ["一、产业项目（1个）", "乾照光电LED外延片及芯片项目"]
    with pytest.raises(ValueError):
        build_table(park=projects, year=2025, lights=[ProjectLight.RED])


def test_a_past_period_shows_the_figures_then(projects):
    table = build_table(park=projects, year=2025, period=date(2025, 4, 1), today=TODAY)

    first = table.rows[0]
    assert first.figures.invested_this_year == yi("4.2") and first.image_progress == "主体施工"
    assert table.date_line == "日期：2025年5月31日"
    assert table.invested_header == "1-4月\n完成投资\n（亿元）"


def test_export_costs_the_same_queries_for_three_projects_or_twelve(projects):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            table_docx(build_table(park=projects, year=2025, today=TODAY))
        return len(context.captured_queries)

    few = queries()
    for number in range(9):
        project = ProjectFactory(park=projects, name=f"新增项目{number}")
        MonthlyProgressFactory(project=project, period=MAY)
        ProblemFactory(project=project)
    assert queries() == few


# -- as LibreOffice renders it --------------------------------------------------------------------------


def test_libreoffice_renders_the_word_table_landscape_with_every_project(projects, tmp_path):
    source = write(tmp_path, "进展情况表.docx", table_docx(build_table(park=projects, year=2025, today=TODAY)))

    (pdf,) = render_pdf(tmp_path, source)

    pages, size = pdf_pages(pdf)
    assert (pages, size) == (1, A4_LANDSCAPE_POINTS)
    text = pdf_text(pdf)
    for expected in (TITLE, "日期：2025年6月20日", "一、产业项目（2个）", "二、标准厂房（1个）", "50.00", "37.60%", "—1—"):
        assert expected in text
    assert "乾照光电LED外" in text  # columns interleave by line
