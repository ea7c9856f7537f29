"""A real park's first day, on the command line (issue 13): from an empty database, `init-park`, then two
years of the statistics bureau's monthly 规上 sheets as the bureau sends them (money in 千元, a 税收合计
column, 本年累计 beside 上年同期), then `parkops report economic_brief` prints the 规上 count, revenue,
tax and 同比 those sheets imply. Nothing is entered by hand in the registry: the sheets are the list of
规上 enterprises."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook

from parkops.economy.models import Enterprise, ScaleMembership
from parkops.testing.factories import credit_code

pytestmark = pytest.mark.django_db

MONTHS = [(year, month) for year in (2024, 2025) for month in range(1, 13)]

# Each enterprise's figures for one month of each year, in 千元, and the months the bureau lists it:
# 陶瓷 leaves at the end of 2024, 新材料 enters in July 2024 (reporting its whole year), 电子 in March 2025.
ENTERPRISES = {
    "江西乾照光电有限公司": {"revenue": {2024: 80000, 2025: 90000}, "tax": {2024: 4000, 2025: 4600}},
    "维科电池有限公司": {"revenue": {2024: 40000, 2025: 38000}, "tax": {2024: 2000, 2025: 1900}},
    "某某陶瓷有限公司": {"revenue": {2024: 15000}, "tax": {2024: 800}},
    "某某新材料有限公司": {"revenue": {2024: 20000, 2025: 24000}, "tax": {2024: 1000, 2025: 1200},
                  "from": (2024, 7)},
    "某某电子科技有限公司": {"revenue": {2025: 10000}, "tax": {2025: 300}, "from": (2025, 3)},
}
CODES = {name: credit_code(500 + number) for number, name in enumerate(ENTERPRISES)}


def listed(name: str, year: int, month: int) -> bool:
    figures = ENTERPRISES[name]
    return year in figures["revenue"] and (year, month) >= figures.get("from", (0, 0))


def bureau_sheet(year: int, month: int) -> bytes:
    """The bureau's layout: title, unit line, a two-row header (本年累计 | 上年同期 under each indicator,
    merged), a row per 规上 enterprise, a 合计 row."""
    span = f"{year}年1-{month}月" if month > 1 else f"{year}年1月"
    book = Workbook()
    sheet = book.active
    sheet.append([f"XX县规模以上工业企业主要经济指标（{span}）"])
    sheet.append(["单位：千元"])
    indicators = ["营业收入", "利润总额", "税收合计", "工业总产值"]
    sheet.append(["序号", "企业名称", "统一社会信用代码", *[name for name in indicators for _ in range(2)]])
    sheet.append(["", "", "", *["本年累计", "上年同期"] * len(indicators)])
    for column in range(1, 4):
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    for position in range(len(indicators)):
        first = 4 + 2 * position
        sheet.merge_cells(start_row=3, start_column=first, end_row=3, end_column=first + 1)
    rows = [name for name in ENTERPRISES if listed(name, year, month)]
    for number, name in enumerate(rows, start=1):
        figures = ENTERPRISES[name]
        this_year = figures["revenue"][year] * month
        last_year = figures["revenue"].get(year - 1, 0) * month
        tax, last_tax = figures["tax"][year] * month, figures["tax"].get(year - 1, 0) * month
        sheet.append([number, name, CODES[name], this_year, last_year, this_year // 10, last_year // 10,
                      tax, last_tax, this_year + 5000, last_year])
    sheet.append(["", "合计"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def yi(thousands: int) -> str:
    """千元 as the brief prints money: 亿元 to two places (1亿元 = 100,000千元) from a 亿 up, 万元 below."""
    if abs(thousands) < 100000:
        return f"{format((Decimal(thousands) / 10).normalize(), 'f')}万元"
    return f"{(Decimal(thousands) / 100000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}亿元"


def growth(now: int, before: int) -> str:
    return f"{(Decimal(now) / Decimal(before) * 100 - 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def implied(indicator: str, year: int = 2025, month: int = 12) -> tuple[int, int, int]:
    """What the sheets of `month` imply, in 千元: the total of the enterprises listed, and the 同口径 pair
    (now and a year before, over those listed now that were reported a year before)."""
    now = [name for name in ENTERPRISES if listed(name, year, month)]
    total = sum(ENTERPRISES[name][indicator][year] * month for name in now)
    both = [name for name in now if listed(name, year - 1, month)]
    return (total, sum(ENTERPRISES[name][indicator][year] * month for name in both),
            sum(ENTERPRISES[name][indicator][year - 1] * month for name in both))


def test_first_day_two_years_of_bureau_sheets_then_the_brief(tmp_path: Path):
    assert "已建立园区" in run("init_park", "某某县高新技术产业开发区", "--short-name", "高新区")

    outputs = {}
    for year, month in MONTHS:
        path = tmp_path / f"规上{year}-{month:02d}.xlsx"
        path.write_bytes(bureau_sheet(year, month))
        outputs[year, month] = run("import_indicators", str(path), "--period", f"{year}-{month:02d}",
                                   "--create-missing")

    january = outputs[2024, 1]
    assert "税收合计 本年累计 → 税收（近似：去掉“合计”；千元 → 万元）" in january
    assert "营业收入 本年累计 → 营业收入（名称一致；千元 → 万元）" in january
    assert "未导入：营业收入 上年同期（上年同期、增速和当月数不导入，由系统计算）" in january
    assert "规上企业名单（标题含“规模以上”，此前没有导入过规上表）：入规3家，退规0家" in january
    assert "入规 " + CODES["某某新材料有限公司"] + " 某某新材料有限公司" in outputs[2024, 7]
    assert "退规 " + CODES["某某陶瓷有限公司"] + " 某某陶瓷有限公司" in outputs[2025, 1]
    assert "入规1家，退规0家" in outputs[2025, 3] and "入规0家，退规0家" in outputs[2025, 4]
    stretches = {(m.enterprise.name, m.entered_period.isoformat(), m.left_period and m.left_period.isoformat())
                 for m in ScaleMembership.objects.select_related("enterprise")}
    assert stretches == {("江西乾照光电有限公司", "2024-01-01", None), ("维科电池有限公司", "2024-01-01", None),
                         ("某某陶瓷有限公司", "2024-01-01", "2025-01-01"),
                         ("某某新材料有限公司", "2024-07-01", None), ("某某电子科技有限公司", "2025-03-01", None)}
    assert Enterprise.objects.count() == 5

    brief = tmp_path / "简报.docx"
    run("report", "economic_brief", "--period", "2025-12", "-o", str(brief))
    text = "\n".join(paragraph.text for paragraph in Document(str(brief)).paragraphs)

    revenue, revenue_now, revenue_before = implied("revenue")
    tax, tax_now, tax_before = implied("tax")
    # Spelled out, as a reader checks it: 4 enterprises listed in December 2025, 电子 new this year;
    # revenue (90000+38000+24000+10000)×12 千元 = 19.44亿元, 同口径 (152000 vs 140000)×12 = +8.57%;
    # tax (4600+1900+1200+300)×12 千元 = 9600万元 (not 0.96亿元), 同口径 (7700 vs 7000)×12 = +10.00%.
    assert (yi(revenue), growth(revenue_now, revenue_before)) == ("19.44亿元", "8.57%")
    assert (yi(tax), growth(tax_now, tax_before)) == ("9600万元", "10.00%")
    assert "1-12月，园区规上工业企业4家（今年新入规1家）" in text
    assert f"实现营业收入{yi(revenue)}，同比增长{growth(revenue_now, revenue_before)}" in text
    assert f"实缴税收{yi(tax)}，同比增长{growth(tax_now, tax_before)}" in text
