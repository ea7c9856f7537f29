"""The 招商引资项目台账 as .xlsx: the columns the import reads (ledger.py), so an exported ledger imports
back unchanged: amounts in 万元 to two decimals, the dollar amount and its rate, and the day each stage
was reached in a column per stage."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from parkops.core.exports import workbook_bytes
from parkops.core.formatting import plain_number
from parkops.investment.choices import PIPELINE, CapitalSource, Stage
from parkops.investment.models import InvestmentProject

HEADER = ["序号", "项目名称", "投资方", "内资/外资", "国别（地区）", "来源地", "总投资（万元）", "外资金额（万美元）", "汇率",
          "产业链", "用地（亩）", "厂房面积（平方米）", "招商单位", "跟踪责任人", "联系人", "联系电话", "统一社会信用代码",
          "进展情况", *[stage.label for stage in PIPELINE], "终止日期", "终止原因"]


def _number(value) -> str:
    return "" if value is None else plain_number(value)


def _reached(project: InvestmentProject) -> dict[str, str]:
    """The first day each stage was reached."""
    days: dict[str, str] = {}
    for change in project.stage_changes.all():
        days.setdefault(change.to_stage, f"{change.on:%Y-%m-%d}")
    return days


def ledger_rows(projects: Iterable[InvestmentProject]) -> list[list]:
    rows = []
    for number, project in enumerate(projects, start=1):
        days = _reached(project)
        foreign = project.capital_source == CapitalSource.FOREIGN
        rows.append([
            number, project.name, project.investor, project.get_capital_source_display(), project.origin_country,
            project.origin_province + project.origin_city, f"{project.total_investment:.2f}",
            _number(project.foreign_amount) if foreign else "", _number(project.exchange_rate) if foreign else "",
            project.industry_chain, _number(project.land_mu), _number(project.factory_area),
            str(project.unit or ""), str(project.tracker or ""), project.contact_name, project.contact_phone,
            project.credit_code, project.get_stage_display(),
            *[days.get(stage, "") for stage in PIPELINE],
            days.get(Stage.TERMINATED, ""), project.terminated_reason,
        ])
    return rows


def ledger_xlsx(projects) -> bytes:
    projects = projects.prefetch_related("stage_changes")
    title = f"招商引资项目台账（{timezone.localdate():%Y年%-m月%-d日}）"
    return workbook_bytes(title[:31], HEADER, ledger_rows(projects))
