"""Exporting a plan whose ledger has its own layout (观摩台账, 整改台账, 专项行动台账): its own columns, in its
own order, under its own headers, in Word and Excel; and what is exported imports back to the same tasks."""

from datetime import date
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from parkops.reports import registry, services
from parkops.reports.builtin.task_ledger import ledger_docx
from parkops.reports.registry import ReportRequest
from parkops.supervision.exporters import build_ledger, ledger_xlsx
from parkops.supervision.models import Plan
from parkops.supervision.tests.layout_samples import ENVIRONMENT, LAYOUTS, import_sample, tasks_as_written
from parkops.supervision.tests.ledgers import import_file, write

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("sample", LAYOUTS, ids=lambda s: s.name)
def test_export_then_import_gives_back_the_same_tasks(park, tmp_path, sample, fmt):
    _, plan = import_sample(tmp_path, sample)
    writer = {"docx": ledger_docx, "xlsx": ledger_xlsx}[fmt]
    exported = write(tmp_path, f"export.{fmt}", writer(build_ledger(plan=plan, today=TODAY)))

    preview, _ = import_file(exported, plan="再次导入")

    copy = Plan.objects.get(name="再次导入")
    assert not preview.has_errors
    assert copy.layout == plan.layout and copy.year == plan.year
    assert tasks_as_written(copy) == tasks_as_written(plan)
    # And into the plan it came from: nothing to change.
    again = import_file(exported, plan=plan.name)[0]
    assert {t.action for t in again.tasks} == {"unchanged"}


@pytest.mark.parametrize("sample", LAYOUTS, ids=lambda s: s.name)
def test_the_export_prints_the_plans_own_columns_in_its_own_order(park, tmp_path, sample):
    _, plan = import_sample(tmp_path, sample)
    ledger = build_ledger(plan=plan, today=TODAY)

    sheet = load_workbook(BytesIO(ledger_xlsx(ledger))).active
    table = docx.Document(BytesIO(ledger_docx(ledger))).tables[0]

    assert [cell.value for cell in sheet[3]] == sample.header
    assert [cell.text for cell in table.rows[0].cells] == sample.header
    assert sheet["A1"].value == sample.title
    first_task = next(row for row in sample.rows if not isinstance(row, str))
    assert [cell.text for cell in next(r for r in table.rows[1:] if r.cells[0].text == "1").cells] == first_task




def test_the_report_centre_draws_a_plan_of_its_own_layout_in_its_columns(park, tmp_path):
    _, plan = import_sample(tmp_path, ENVIRONMENT)

    drawn = services.draw_up(registry.get("task_ledger"), ReportRequest(park=park, period=date(2024, 11, 1),
                                                                        plan=plan), with_pdf=False)

    # The report centre's ledger carries the light, after the plan's own columns.
    header = [*ENVIRONMENT.header, "亮灯"]
    assert [cell.text for cell in docx.Document(BytesIO(drawn.docx)).tables[0].rows[0].cells] == header
    assert [cell.value for cell in load_workbook(BytesIO(drawn.xlsx)).active[3]] == header
