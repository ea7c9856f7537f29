"""The 低效闲置工业用地处置台账 through the report centre: the seeds' 13 parcels in the official format, with
the totals above and each parcel's use found by rule and its case's light."""

from datetime import date
from io import BytesIO

import docx
import pytest

from parkops.land.demo import build_land
from parkops.reports import registry
from parkops.reports.builtin.land_disposal import ledger_context
from parkops.reports.services import render_active

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


def test_the_ledger_prints_every_parcel_with_the_totals_above(park):
    build_land(park, TODAY)
    context = ledger_context(park=park, today=TODAY)

    assert context["summary"].startswith("共13宗、面积536亩（")
    assert context["summary"].endswith("已办结5宗，盘活273.3亩。")
    document = docx.Document(BytesIO(render_active("land_disposal", context)))
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells][:5] == ["序号", "原用地单位", "宗地位置", "面积（亩）", "利用状态"]
    assert len(table.rows) == 14
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    seized = next(row for row in texts if row[1] == "江西恒达化纤有限公司")
    assert (seized[3], seized[4], seized[6], seized[11]) == ("41.8", "闲置", "司法拍卖", "逾期")
    assert "截至2025年11月20日" in "\n".join(p.text for p in document.paragraphs)


def test_it_is_a_report_type_of_the_report_centre():
    registry.collect()
    assert registry.get("land_disposal").name == "低效闲置工业用地处置台账"
