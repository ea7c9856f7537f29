"""The 标准厂房使用情况表 through the report centre: each building of the demo park with its tenants one a line,
the 合计 row, and above it the totals with the 闲置厂房 put to use this year."""

from datetime import date
from io import BytesIO

import docx
import pytest

from parkops.land.demo import build_land
from parkops.reports import registry
from parkops.reports.builtin.factory_usage import usage_context
from parkops.reports.services import render_active

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


def test_the_table_prints_each_building_with_its_tenants_and_the_totals(park):
    build_land(park, TODAY)
    context = usage_context(park=park, today=TODAY)

    # 1号楼 24000㎡ let 18000, 2号楼 18000㎡ let 9000 (义杰's lease ended a month ago), 3号楼 30000㎡ let 12000,
    # 4号楼 6600㎡ divided into 6000㎡ of units, 3900㎡ of them let (101、102 and 201).
    assert context["summary"] == ("共有标准厂房4栋、建筑面积78600平方米（可出租78000平方米），已出租42900平方米、"
                                  "空置35100平方米，出租率55.00%，在租企业7家；2025年以来新起租5宗，盘活闲置厂房28900平方米。")
    document = docx.Document(BytesIO(render_active("factory_usage", context)))
    [table] = document.tables
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0][:7] == ["序号", "厂房", "层数", "建筑面积（㎡）", "已出租（㎡）", "空置（㎡）", "出租率"]
    assert len(texts) == 1 + 7 + 1  # the header, a line a tenant, 合计
    first, second = texts[1], texts[2]
    assert first[:8] == ["1", "标准厂房1号楼", "4", "24000", "18000", "6000", "75.00%", "宏茂纺织有限公司"]
    assert second[1] == "" and second[7] == "乾屹纺织有限公司"  # the building's cells on its first line only
    assert first[10] == "8" and first[11].startswith("2023.")
    fourth = next(row for row in texts if row[1] == "标准厂房4号楼")
    assert fourth[:9] == ["4", "标准厂房4号楼", "2", "6600", "3900", "2100", "65.00%", "江西瑞康医疗器械有限公司", "2层 201"]
    units = next(row for row in texts if row[7] == "九江鑫达电子有限公司")
    assert units[8:10] == ["1层 101、102", "2400"] and units[12].startswith("至2026.")
    assert texts[-1][1:8] == ["合计", "14", "78600", "42900", "35100", "55.00%", "7家"]
    assert "截至2025年11月20日" in "\n".join(p.text for p in document.paragraphs)


def test_a_building_without_a_tenant_says_it_is_empty(park):
    from decimal import Decimal

    from parkops.land import services
    from parkops.land.models import Building

    services.building_save(building=Building(park=park, name="标准厂房9号楼", floors=2, floor_area=Decimal("5000")),
                           user=None)
    context = usage_context(park=park, today=TODAY)
    assert context["rows"][0]["tenant"] == "（全部空置）" and context["rows"][0]["rate"] == "0.00%"


def test_it_is_a_report_type_of_the_report_centre():
    registry.collect()
    assert registry.get("factory_usage").name == "标准厂房使用情况表"
