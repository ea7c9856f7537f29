"""Exporting the 一览表: the round trip, the official layout, the selection, and the page."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.reports.builtin.task_ledger import ledger_docx
from parkops.supervision import services
from parkops.supervision.choices import Light
from parkops.supervision.exporters import build_ledger, ledger_xlsx
from parkops.supervision.models import Plan, ProgressReport, Task
from parkops.supervision.tests.ledgers import (
    PLAN,
    SECTION_2,
    SECTION_2_3,
    SECTION_4,
    SECTION_4_2,
    TITLE,
    import_file,
    snapshot,
    write,
)
from parkops.testing.factories import UserFactory

OCTOBER = date(2023, 10, 1)
TODAY = date(2026, 5, 20)


def words(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_then_import_gives_back_the_same_tasks(imported, tmp_path, fmt):
    writer = {"docx": ledger_docx, "xlsx": ledger_xlsx}[fmt]
    path = write(tmp_path, f"export.{fmt}", writer(build_ledger(plan=imported, include_light=True, today=TODAY)))

    preview, _ = import_file(path, plan="再次导入")

    copy = Plan.objects.get(name="再次导入")
    assert preview.period == OCTOBER and copy.ledger_title == TITLE and copy.year == 2023
    assert snapshot(copy, OCTOBER) == snapshot(imported, OCTOBER)
    assert len(snapshot(copy, OCTOBER)) == 8
    # And into the plan it came from: nothing to change.
    again = import_file(path)[0]
    assert {t.action for t in again.tasks} == {"unchanged"}


def test_word_ledger_is_landscape_a4_in_the_official_format(imported):
    document = docx.Document(BytesIO(ledger_docx(build_ledger(plan=imported, today=TODAY))))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.get(qn("w:eastAsiaTheme")) is None

    title, date_line = document.paragraphs[0], document.paragraphs[1]
    assert title.text == TITLE
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    assert date_line.text == "日期：2023年11月30日"

    rows = words(document)
    assert rows[0] == ["重点工作", "县政府\n责任领导", "牵头单位", "配合单位", "高新区\n责任领导", "完成情况"]
    header = document.tables[0].rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert rows[1] == [SECTION_2] * 6  # one cell across the row
    assert document.tables[0].rows[1]._tr.tc_lst[0].grid_span == 6
    assert rows[2][:5] == ["9.坚持工业强县战略不动摇，大力推进新型工业化，建设现代化产业体系，力争工业营业收入达到720亿元。",
                           "周\u3000洁", "工信局\n高新区", "科技局\n发改委", "王晓君\n涂志峰"]
    assert rows[2][5] == "1-10月园区规上企业营业收入380亿元。"
    assert [r[0] for r in rows if r[0] == r[-1]] == [SECTION_2, SECTION_2_3, SECTION_4, SECTION_4_2]
    assert sum(1 for row in document.tables[0].rows for cell in row.cells
               if cell._tc.width is not None and cell._tc.width > Mm(240)) >= 4

    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    assert footer.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and footer.runs[0].font.size == Pt(14)
    assert document.settings.odd_and_even_pages_header_footer
    assert "PAGE" in section.even_page_footer.paragraphs[0]._p.xml


def test_light_column_only_when_asked(imported):
    plain = words(docx.Document(BytesIO(ledger_docx(build_ledger(plan=imported, today=TODAY)))))
    with_light = words(docx.Document(BytesIO(ledger_docx(build_ledger(plan=imported, include_light=True,
                                                                        today=TODAY)))))

    assert len(plain[0]) == 6
    assert with_light[0][-1] == "亮灯"
    lights = {row[0].split(".")[0]: row[-1] for row in with_light[1:] if row[0] != row[-1]}
    assert lights["9"] == "滞后" and lights["21"] == "已完成"


def test_excel_ledger_merges_sections_wraps_freezes_and_prints_landscape(imported):
    sheet = load_workbook(BytesIO(ledger_xlsx(build_ledger(plan=imported, today=TODAY)))).active

    assert sheet["A1"].value == TITLE and sheet["A2"].value == "日期：2023年11月30日"
    assert [c.value for c in sheet[3]] == ["重点工作", "县政府\n责任领导", "牵头单位", "配合单位", "高新区\n责任领导",
                                           "完成情况"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A4:F4", "A6:F6"} <= merged
    assert sheet["A4"].value == SECTION_2 and sheet["A6"].value == SECTION_2_3
    assert sheet["A8"].value.startswith("20.") and sheet["B8"].value == "周纬华\n周洁"
    assert sheet["C5"].value == "工信局\n高新区" and sheet["C5"].alignment.wrap_text
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"


def test_selection_by_unit_and_by_light(imported):
    commerce = Unit.objects.get(name="商务局")

    by_unit = build_ledger(plan=imported, unit=commerce, today=TODAY)
    behind = build_ledger(plan=imported, lights=[Light.BEHIND], today=TODAY)

    assert [t.task.number for t in by_unit.tasks] == ["19", "24"]  # 商务局 cooperates on both
    assert [line.text for line in by_unit.lines if not hasattr(line, "task")] == [SECTION_2, SECTION_2_3]
    assert [t.task.number for t in behind.tasks] == ["9"]


def test_a_past_period_shows_its_own_report_and_its_light_then(imported, supervisor):
    task = Task.objects.get(plan=imported, number="21")
    services.report_record_imported(task=task, unit=task.lead_units[0], user=supervisor, period=date(2023, 9, 1),
                                    text="共盘活土地276亩。", figures={task.targets.get(): 276})

    september = build_ledger(plan=imported, period=date(2023, 9, 1), include_light=True, today=TODAY)
    latest = build_ledger(plan=imported, include_light=True, today=TODAY)

    row = next(t for t in september.tasks if t.task.number == "21")
    assert row.progress == "共盘活土地276亩。" and row.light.light != Light.DONE
    assert september.date == date(2023, 10, 31)
    assert latest.period == OCTOBER
    assert next(t for t in latest.tasks if t.task.number == "21").light.light == Light.DONE


def test_export_costs_the_same_queries_for_eight_tasks_or_sixteen(imported, park):
    with CaptureQueriesContext(connection) as eight:
        build_ledger(plan=imported, include_light=True, today=TODAY)
    for task in list(Task.objects.filter(plan=imported)):
        copy = Task.objects.create(plan=imported, number=f"{task.number}-1", position=task.position, text=task.text,
                                   section=task.section)
        services.task_set_people(task=copy, county_leaders=task.county_leaders, lead_units=task.lead_units)
    with CaptureQueriesContext(connection) as sixteen:
        ledger = build_ledger(plan=imported, include_light=True, today=TODAY)

    assert len(ledger.tasks) == 16
    assert len(sixteen) == len(eight)


# -- the page -------------------------------------------------------------------------------------------


def test_reporter_downloads_only_the_tasks_of_their_unit(client, imported, reporter):
    client.force_login(reporter)  # 工信局: leads tasks 9 and 22

    response = client.get(reverse("supervision:ledger_export"), {"plan": imported.pk, "format": "docx"}, follow=True)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    rows = words(docx.Document(BytesIO(response.content)))
    assert [r[0].split(".")[0] for r in rows[1:] if r[0] != r[-1]] == ["9", "22"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, username="reporter").count() == 1


def test_leader_exports_excel_filtered_by_light(client, imported, leader):
    client.force_login(leader)

    response = client.get(reverse("supervision:ledger_export"), {
        "plan": imported.pk, "format": "xlsx", "lights": [Light.DONE], "with_light": "on", "period": "2023-10"})

    sheet = load_workbook(BytesIO(response.content)).active
    assert [sheet.cell(row, 1).value[:3] for row in range(4, sheet.max_row + 1)] == ["二、坚", "（三）", "21."]
    assert sheet.cell(sheet.max_row, 7).value == "已完成"


def test_export_page_shows_the_form(client, imported, supervisor):
    client.force_login(supervisor)

    page = client.get(reverse("supervision:ledger_export"), {"plan": imported.pk}).content.decode()

    assert "导出一览表" in page and PLAN in page and "序时推进" in page


def test_users_outside_supervision_may_not_export(client, imported):
    admin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
    client.force_login(admin)

    assert client.get(reverse("supervision:ledger_export"), {"plan": imported.pk, "format": "docx"}).status_code == 403


# The order ECMA-376 gives the children of <w:tblPr>: Word refuses a file ("unreadable content") that
# breaks it, where LibreOffice reads on regardless, so LibreOffice rendering cannot catch this.
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription"]


def test_word_table_properties_are_in_the_order_word_requires(imported):
    document = docx.Document(BytesIO(ledger_docx(build_ledger(plan=imported, today=TODAY))))

    children = [child.tag.split("}")[1] for child in document.tables[0]._tbl.tblPr]

    assert children == sorted(children, key=TBLPR_ORDER.index)
    assert children.count("tblLayout") == 1


def test_a_progress_text_that_looks_like_a_formula_goes_out_as_text_and_comes_back_as_typed(imported, tmp_path):
    # Typed by a unit, or imported from a ledger: Excel must show it, not run it, and our import read it back.
    formula = '=HYPERLINK("http://evil.example/","点此查看")+1'
    report = ProgressReport.objects.filter(task__plan=imported, period=OCTOBER).order_by("task__position").first()
    report.text = formula
    report.save()
    content = ledger_xlsx(build_ledger(plan=imported, include_light=False, today=TODAY))

    cells = [cell for row in load_workbook(BytesIO(content)).active.iter_rows() for cell in row
             if cell.value == formula]
    import_file(write(tmp_path, "export.xlsx", content), plan="再次导入")

    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix
    assert snapshot(Plan.objects.get(name="再次导入"), OCTOBER) == snapshot(imported, OCTOBER)
