"""Inputs the fuzz tests (site/tests/test_fuzz_importers.py) found crashing the ledger importer, kept."""

from parkops.core.fileparse import Row
from parkops.core.imports import MappedTable, map_header
from parkops.supervision.importers import LedgerImporter
from parkops.supervision.models import Task


def _ledger(*rows: list[str]) -> MappedTable:
    header = ["序号", "重点工作", "责任单位", "备注"]
    return MappedTable("工作表“Sheet1”", 1, map_header(header, LedgerImporter.columns),
                       [Row(n + 2, list(cells)) for n, cells in enumerate(rows)], [], header)


def test_a_row_with_text_only_in_a_column_not_imported_is_skipped_with_a_warning(park):
    table = _ledger(["1", "工业营业收入增长10%以上", "工信局", ""], ["", "", "", "此行为备注：数据待核"])

    preview = LedgerImporter(plan_name="2026年目标任务", park=park).build(table, filename="一览表.xlsx")

    assert [str(p) for p in preview.warnings if p.row == 3] == ["第3行：该行只在不导入的列中有内容（“此行为备注：数据待核”），已跳过。"]
    assert len(preview.tasks) == 1
    assert not Task.objects.exists()
