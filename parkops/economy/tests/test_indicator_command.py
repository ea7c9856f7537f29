"""`parkops import-indicators FILE --period YYYY-MM [--create-missing] [--park] [--dry-run] [--json]`."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parkops.economy import indicator_preview
from parkops.economy.models import Enterprise
from parkops.economy.tests.sheets import (
    BATTERY,
    BATTERY_CODE,
    COPPER,
    COPPER_CODE,
    FLAT_ROWS,
    LED,
    LED_CODE,
    db_counts,
    flat_sheet,
    stored,
    write,
)
from parkops.testing.factories import EnterpriseFactory


@pytest.fixture
def registry(park):
    return [EnterpriseFactory(park=park, credit_code=LED_CODE, name=LED),
            EnterpriseFactory(park=park, credit_code=BATTERY_CODE, name=BATTERY)]


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_indicators", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_lists_what_it_would_do_and_writes_nothing(park, registry, tmp_path):
    path = write(tmp_path, flat_sheet())
    before = db_counts()

    out, _ = run(str(path), "--period", "2025-10", "--create-missing", "--dry-run")

    assert "月份：2025年10月（1-10月累计）" in out
    assert "营业收入（千元） → 营业收入（名称一致；千元 → 万元）" in out
    assert "企业数据行3：已有企业2，表中新企业1" in out and "指标数据：新增16，更新0，不变0" in out
    assert f"第5行 {COPPER_CODE} {COPPER}" in out
    assert "试运行（--dry-run），未写入任何数据。" in out
    assert db_counts() == before


def test_json_import_creates_the_missing_enterprises_and_reports_counts(park, registry, tmp_path):
    path = write(tmp_path, flat_sheet())

    out, _ = run(str(path), "--period", "2025-10", "--create-missing", "--json")

    data = json.loads(out)
    assert data["committed"] is True and data["period"] == "2025-10"
    # The title says 规模以上: the three enterprises it lists are 规上 from October.
    assert data["counts"] == {"新增企业": 1, "新增数据": 16, "更新数据": 0, "未变数据": 0, "关账后修订月份": 0,
                              "入规": 3, "退规": 0}
    assert data["new_enterprises"] == [{"credit_code": COPPER_CODE, "name": COPPER, "row": 5}]
    assert [c["indicator"] for c in data["columns"]][:2] == ["营业收入", "工业总产值"]
    assert Enterprise.objects.filter(credit_code=COPPER_CODE).exists()
    assert stored(COPPER_CODE, "revenue") == Decimal("5555.55")


def test_json_lists_every_error_row_however_many(park, registry, tmp_path, monkeypatch):
    monkeypatch.setattr(indicator_preview, "SHOWN_ERRORS", 1)  # the page's cap does not apply to --json
    rows = [[n, "", f"不认识的企业{n}", 1] for n in range(1, 6)]
    path = write(tmp_path, flat_sheet(rows, header=["序号", "统一社会信用代码", "企业名称", "营业收入（万元）"]))

    out = StringIO()
    with pytest.raises(CommandError, match="发现5处错误，未导入任何数据。"):
        call_command("import_indicators", str(path), "--period", "2025-10", "--json", stdout=out, stderr=StringIO())

    data = json.loads(out.getvalue())
    assert data["committed"] is False
    assert [p["row"] for p in data["problems"] if p["level"] == "error"] == [3, 4, 5, 6, 7]


def test_unknown_enterprises_without_create_missing_are_refused(park, registry, tmp_path):
    path = write(tmp_path, flat_sheet())
    before = db_counts()
    out = StringIO()

    with pytest.raises(CommandError, match="发现1处错误"):
        call_command("import_indicators", str(path), "--period", "2025-10", stdout=out, stderr=StringIO())

    assert "表中新企业1家（不在企业名录中）" in out.getvalue() and "--create-missing" in out.getvalue()
    assert db_counts() == before


def test_progress_goes_to_stderr(park, registry, tmp_path, monkeypatch):
    from parkops.economy.management.commands import import_indicators

    monkeypatch.setattr(import_indicators, "REPORT_EVERY", 2)
    path = write(tmp_path, flat_sheet(FLAT_ROWS[:2]))

    out, err = run(str(path), "--period", "2025-10", "--json")

    # Written an indicator at a time: 营业收入 2, 工业总产值 2, 利润总额 2, 税收 1, 用电量 2, 从业人员 2.
    assert err.splitlines() == ["已读取 4/4 行", "已写入 2/11 条数据", "已写入 4/11 条数据", "已写入 6/11 条数据",
                                "已写入 11/11 条数据"]
    assert json.loads(out)["committed"] is True


def test_period_is_required_and_park_is_found_by_name(park, registry, tmp_path):
    path = write(tmp_path, flat_sheet(FLAT_ROWS[:2]))

    with pytest.raises(CommandError, match="请用 --period 指定报表的月份"):
        run(str(path))
    with pytest.raises(CommandError, match="没有名为“别的园区”的园区"):
        run(str(path), "--period", "2025-10", "--park", "别的园区")
    out, _ = run(str(path), "--period", "2025-10", "--park", park.short_name)
    assert "已导入：新增数据11，入规2。" in out
