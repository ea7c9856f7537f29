"""The indicator catalogue: what the statistics bureau's monthly sheet reports, under the names its
headers use. The data migration loads these; ensure_catalogue() puts back any that are missing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    unit: str
    synonyms: tuple[str, ...] = ()
    is_money: bool = True
    is_cumulative: bool = True


CATALOGUE = (
    Entry("revenue", "营业收入", "万元", ("营业收入合计",)),
    Entry("main_revenue", "主营业务收入", "万元", ("主营收入", "主营业务收入合计")),
    Entry("output", "工业总产值", "万元", ("工业总产值（当年价格）", "工业总产值(现价)", "总产值", "现价工业总产值")),
    Entry("value_added", "工业增加值", "万元", ("增加值",)),
    Entry("profit", "利润总额", "万元", ("利润",)),
    Entry("tax", "税收", "万元", ("实缴税收", "实缴税金", "税金总额", "纳税总额", "应交税费", "税收收入")),
    Entry("rnd", "研发投入", "万元", ("研发费用", "R&D经费支出", "研究开发费用", "研发经费")),
    Entry("electricity", "用电量", "万千瓦时", ("工业用电量", "用电"), is_money=False),
    Entry("energy", "综合能耗", "吨标准煤", ("综合能源消费量", "能源消费量"), is_money=False),
    # Employees are a headcount at the month's end, not summed over the months.
    Entry("employees", "从业人员", "人", ("从业人员平均人数", "从业人员期末人数", "期末从业人员", "从业人数"), is_money=False,
          is_cumulative=False),
)
CODES = tuple(entry.code for entry in CATALOGUE)


def ensure_catalogue(indicator_model=None) -> int:
    """Create the catalogue's indicators that are missing; returns how many were created."""
    if indicator_model is None:
        from parkops.economy.models import Indicator as indicator_model
    created = 0
    for position, entry in enumerate(CATALOGUE):
        _, was_created = indicator_model.objects.get_or_create(code=entry.code, defaults={
            "name": entry.name, "unit": entry.unit, "is_money": entry.is_money,
            "is_cumulative": entry.is_cumulative, "synonyms": "、".join(entry.synonyms), "position": position,
        })
        created += was_created
    return created
