"""Helpers for the 重点项目进展情况表 tests: small tables built in code to show one thing each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
from openpyxl import Workbook

from parkops.core.imports import open_path
from parkops.org.models import Park, Person, Unit
from parkops.projects.importers import ProjectImporter
from parkops.projects.models import MonthlyProgress, Problem, Project, ProjectYearPlan
from parkops.projects.selectors import investment_figures, open_problems, with_listing_data

TITLE = "高新区2025年重点项目进展情况表"
DATE_LINE = "日期：2025年6月5日"  # reports 1-5月
MAY = date(2025, 5, 1)
HEADER = ["序号", "项目名称", "建设单位", "总投资（亿元）", "年度计划投资（亿元）", "1-5月完成投资（亿元）", "完成率",
          "形象进度", "存在问题", "挂点领导", "责任单位"]
QIANZHAO = ["1", "乾照光电LED外延片及芯片项目", "厦门乾照光电股份有限公司", "50", "12", "6", "50.00%",
            "一区、二区厂房主体工程已全部完工", "10KV新建线路尚未送电", "王晓君", "工信局"]
WEIKE = ["2", "维科南昌基地铝壳电池项目", "维科技术股份有限公司", "25", "8", "2.4", "30%",
         "桩基施工完成60%", "无", "廖国峰", "高新区"]
YUNCHUANG = ["3", "工控云创港标准厂房", "江西工控云创港建设有限公司", "12.5", "5", "1", "20.00%",
             "一标段承台地梁钢筋绑扎基本结束", "", "王晓君", "住建局"]
ROWS = ["一、产业项目", QIANZHAO, WEIKE, "二、标准厂房", YUNCHUANG]


def table_xlsx(rows: list = ROWS, *, header: list[str] = HEADER, title: str = TITLE,
               date_line: str = DATE_LINE) -> bytes:
    """An Excel table: a row is a list of cell values, or a string for a heading merged across the table."""
    book = Workbook()
    sheet = book.active
    for line in (title, date_line):
        if line:
            sheet.append([line])
    sheet.append(header)
    for values in rows:
        if isinstance(values, str):
            sheet.append([values])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                              end_column=len(header))
        else:
            sheet.append(values)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_docx(rows: list = ROWS, *, header: list[str] = HEADER, title: str = TITLE,
               date_line: str = DATE_LINE) -> bytes:
    """A Word table: a row is a list of cell texts, or a string for a heading merged across the table."""
    document = docx.Document()
    for line in (title, date_line):
        if line:
            document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(header))
    for values in [header, *rows]:
        row = table.add_row()
        if isinstance(values, str):
            row.cells[0].merge(row.cells[-1]).text = values
            continue
        for cell, value in zip(row.cells, values, strict=True):
            lines = str(value).split("\n")
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


def preview_file(path: Path, **options):
    with open_path(path) as file:
        return ProjectImporter(**options).preview(file)


def import_file(path: Path, *, user=None, **options):
    """Preview and commit a file as the command does; returns (preview, outcome)."""
    importer = ProjectImporter(**options)
    with open_path(path) as file:
        preview = importer.preview(file)
    return preview, importer.commit(preview, user=user)


def yi(amount: str) -> Decimal:
    """"6.35" 亿元 → 63500 万元, as stored."""
    return Decimal(amount) * 10000


def snapshot(park: Park, year: int, until: date | None = None) -> dict[str, dict]:
    """What the table says about each project: what must survive an export and an import."""
    rows = {}
    for project in with_listing_data(Project.objects.filter(park=park)):
        figures = investment_figures(project, year=year, until=until)
        rows[project.name] = {
            "enterprise": project.enterprise_name,
            "kind": project.kind,
            "total": project.total_investment,
            "planned": figures.planned_this_year,
            "invested": figures.invested_this_year,
            "rate": figures.completion_rate,
            "image_progress": figures.latest.image_progress if figures.latest else None,
            "problems": sorted(p.description for p in open_problems(project)),
            "leader": project.leader.name if project.leader else None,
            "unit": project.responsible_unit.name if project.responsible_unit else None,
        }
    return rows


def db_counts() -> dict[str, int]:
    from parkops.core.models import AuditEntry

    return {model.__name__: model.objects.count()
            for model in (Project, ProjectYearPlan, MonthlyProgress, Problem, Person, Unit, AuditEntry)}
