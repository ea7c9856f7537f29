"""Property tests of the importers past the file: whatever the cells of a ledger, a projects table, an
enterprise list or a statistics sheet hold, the preview lists problems (or refuses the file in Chinese)
and raises nothing else, and a preview writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkops.core.fileparse import Row, Sheet
from parkops.core.imports import ImportFileError, MappedTable
from parkops.economy import importers as statistics
from parkops.economy.enterprise_import import EnterpriseImporter
from parkops.economy.models import Enterprise, IndicatorValue
from parkops.economy.tests.sheets import FLAT_HEADER, TITLE
from parkops.investment.importers import LedgerImporter as InvestmentLedgerImporter
from parkops.investment.models import InvestmentProject
from parkops.land.importers import LandLedgerImporter
from parkops.land.models import Parcel
from parkops.policies.importers import PolicyListImporter
from parkops.policies.models import Clause, Policy
from parkops.projects.importers import ProjectImporter
from parkops.projects.models import Project
from parkops.stability.importers import CaseLedgerImporter
from parkops.stability.models import Case
from parkops.supervision.importers import LedgerImporter
from parkops.supervision.models import Plan, Task
from parkops.testing.fuzzing import FUZZ, cell_text

grids = st.lists(st.lists(cell_text, min_size=0, max_size=12), min_size=0, max_size=12)
preambles = st.lists(st.one_of(cell_text, st.sampled_from(
    ["2026年目标任务完成情况一览表", "（截至2026年11月30日）", "日期：2026年13月45日", "填报单位：工信局", "单位：万元"])),
    max_size=3)


def written() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Plan, Task, Project, Enterprise, IndicatorValue,
                                                     InvestmentProject, Parcel, Case, Policy, Clause))


def table_for(importer, grid, preamble) -> MappedTable:
    columns = {column.key: index for index, column in enumerate(importer.columns)}
    header = [column.label for column in importer.columns]
    return MappedTable("工作表“Sheet1”", 1, columns, [Row(n + 2, cells) for n, cells in enumerate(grid)],
                       preamble, header)


IMPORTERS = {
    "ledger": lambda park: LedgerImporter(plan_name="2026年目标任务", park=park),
    "ledger without a period or plan": lambda park: LedgerImporter(plan_name="", park=park),
    "projects": lambda park: ProjectImporter(park=park),
    "enterprises": lambda park: EnterpriseImporter(park=park),
    "investment ledger": lambda park: InvestmentLedgerImporter(park=park),
    "land ledger": lambda park: LandLedgerImporter(park=park),
    "case ledger": lambda park: CaseLedgerImporter(park=park),
    "policy list": lambda park: PolicyListImporter(park=park),
}


@pytest.mark.parametrize("which", list(IMPORTERS))
@FUZZ
@given(grid=grids, preamble=preambles)
def test_any_cells_give_a_preview_with_problems_and_write_nothing(park, which, grid, preamble):
    importer = IMPORTERS[which](park)
    before = written()

    try:
        preview = importer.build(table_for(importer, grid, preamble), filename="台账.xlsx")
    except ImportFileError as refusal:
        assert refusal.message
    else:
        assert all(problem.message for problem in preview.problems)
        preview.as_dict()  # what the page and the command print

    assert written() == before


sheet_values = st.one_of(st.none(), cell_text, st.integers(min_value=-10**15, max_value=10**15),
                         st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                         st.dates(min_value=date(1900, 1, 1)).map(lambda d: d))
headers = st.lists(st.sampled_from(FLAT_HEADER + ["营业收入（万元）", "营业收入（元）", "营业收入", "合计", "单位名称",
                                                  "企业名称", "本年", "上年同期", "增长%", ""]) | cell_text,
                   min_size=1, max_size=10)


@FUZZ
@given(header=headers, rows=st.lists(st.lists(sheet_values, max_size=10), max_size=10),
       above=st.lists(st.one_of(st.just(TITLE), st.just("单位：千元"), cell_text), max_size=3))
def test_any_statistics_sheet_gives_a_preview_with_problems_and_writes_nothing(park, monkeypatch, header, rows, above):
    grid = [[text] for text in above] + [list(header)] + [list(row) for row in rows]
    width = max(len(row) for row in grid)
    sheet = Sheet("Sheet1", (len(grid) - 1, width - 1), grid)
    monkeypatch.setattr(statistics, "checked_bytes", lambda file, name: b"")
    monkeypatch.setattr(statistics, "parse_isolated", lambda *args, name: [sheet])
    before = written()

    try:
        preview = statistics.IndicatorImporter(park=park, period=date(2025, 10, 1)).preview(_NamedFile())
    except ImportFileError as refusal:
        assert refusal.message
    else:
        assert all(problem.message for problem in preview.problems)
        preview.as_dict()

    assert written() == before


class _NamedFile:
    name = "10月规上工业.xlsx"
