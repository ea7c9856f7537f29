"""Helpers for the 一览表 tests: the real samples, and small ledgers built to show one thing."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from parkops.core.imports import open_path
from parkops.org.models import Person, Unit
from parkops.supervision.importers import LedgerImporter
from parkops.supervision.models import Plan, ProgressReport, Section, Task

# Copies of ../shared/samples (the real .docx and .xlsx of seed 000), kept here so that a clone tests alone.
SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_DOCX = SAMPLES / "ledger-2023-gov-report-tasks.docx"
SAMPLE_XLSX = SAMPLES / "ledger-2023-gov-report-tasks.xlsx"
PLAN = "2023年县《政府工作报告》目标任务"
HEADER = ["重点工作", "县政府\n责任领导", "牵头单位", "配合单位", "高新区\n责任领导", "完成情况"]
TITLE = "高新区2023年县《政府工作报告》目标任务完成情况一览表"

# What the seed says, task by task: county leaders, lead units, cooperating units, park leaders.
SEED_PEOPLE = {
    "9": (["周洁"], ["工信局", "高新区"], ["科技局", "发改委"], ["王晓君", "涂志峰"]),
    "19": (["周洁"], ["高新区"], ["自然资源局", "商务局"], ["廖国峰", "王晓君"]),
    "20": (["周纬华", "周洁"], ["发改委", "高新区"], ["自然资源局", "丰林镇", "高塘乡"], ["廖国峰", "陈明昊"]),
    "21": (["刘元勋", "周洁"], ["高新区", "自然资源局"], [], ["王晓君", "徐舒笠"]),
    "22": (["刘元勋", "周洁"], ["高新区", "工信局", "自然资源局"], [], ["王晓君", "涂志峰"]),
    "23": (["周纬华", "周洁"], ["高新区", "中寰集团"], ["发改委", "城管局", "住建局"], ["廖国峰", "陈明昊", "涂志峰"]),
    "24": (["周洁"], ["高新区"], ["商务局", "丰林镇"], ["廖国峰", "陈明昊"]),
    "47": (["周洁"], ["高新区"], ["生态环境局"], ["廖国峰", "伍星"]),
}
SECTION_2 = "二、坚持以“提质”促“提升”，迈出工业强县新步伐"
SECTION_2_3 = "（三）提升园区承载水平。"
SECTION_4 = "四、坚持以“长治”求“长效”，汇聚绿色发展新动能"
SECTION_4_2 = "（二）加快节能降碳改造。"


def import_file(path: Path, *, plan: str = PLAN, period=None, user=None, active: bool = True):
    """Preview and commit a file as the command and the page do; returns (preview, outcome). The plan is
    saved in use, as the tests built on the 2023 sample need it (a past year's ledger is archived unless
    the person importing says otherwise: test_ledger_layouts.py tests that default)."""
    importer = LedgerImporter(plan_name=plan, period=period, active=active)
    with open_path(path) as file:
        preview = importer.preview(file)
    return preview, importer.commit(preview, user=user)


def preview_file(path: Path, *, plan: str = PLAN, period=None):
    with open_path(path) as file:
        return LedgerImporter(plan_name=plan, period=period).preview(file)


def ledger_docx(rows: list, *, header=HEADER, title: str = TITLE, date_line: str = "日期：2023年11月30日") -> bytes:
    """A Word ledger: a row is a list of cell texts, or a string for a section row across the table."""
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    if date_line:
        document.add_paragraph(date_line)
    table = document.add_table(rows=0, cols=len(header))
    for values in [header, *rows]:
        row = table.add_row()
        if isinstance(values, str):
            cell = row.cells[0].merge(row.cells[-1])
            cell.text = values
            continue
        for cell, value in zip(row.cells, values, strict=True):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def snapshot(plan: Plan, period) -> list[dict]:
    """What a ledger says about each task of a plan: what must survive an export and re-import."""
    rows = []
    for task in Task.objects.filter(plan=plan).with_listing_data().order_by("position"):
        report = next((r for r in task.accepted_reports() if r.period == period), None)
        rows.append({
            "number": task.number,
            "text": task.text,
            "section": task.section.heading if task.section else None,
            "parent": task.section.parent.heading if task.section and task.section.parent else None,
            "county": [p.name for p in task.county_leaders],
            "park": [p.name for p in task.park_leaders],
            "lead": [u.name for u in task.lead_units],
            "cooperating": [u.name for u in task.cooperating_units],
            "progress": report.text if report else None,
        })
    return rows


def db_counts() -> dict[str, int]:
    from parkops.core.models import AuditEntry

    return {model.__name__: model.objects.count()
            for model in (Plan, Section, Task, ProgressReport, Person, Unit, AuditEntry)}
