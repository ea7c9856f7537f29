"""`parkops import-ledger` and `parkops export-ledger`."""

import json
import sys
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from parkops import cli
from parkops.core.models import AuditAction, AuditEntry
from parkops.supervision.models import Plan, Task
from parkops.supervision.tests.ledgers import (
    PLAN,
    SAMPLE_DOCX,
    SAMPLE_XLSX,
    SECTION_2,
    SECTION_2_3,
    db_counts,
    ledger_docx,
    snapshot,
    write,
)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_json_lists_everything_it_created(park):
    data = json.loads(run("import_ledger", str(SAMPLE_XLSX), "--plan", PLAN, "--json"))

    assert data["committed"] is True
    assert data["plan"] == {"name": PLAN, "action": "create", "year": 2023,
                            "ledger_title": "高新区2023年县《政府工作报告》目标任务完成情况一览表"}
    assert data["period"] == "2023-10"
    assert {"heading": SECTION_2_3, "parent": SECTION_2, "action": "create", "row": 6} in data["sections"]
    task20 = next(t for t in data["tasks"] if t["number"] == "20")
    assert task20["section"] == SECTION_2_3 and task20["action"] == "create"
    assert task20["county_leaders"] == ["周纬华", "周洁"]
    assert task20["lead_units"] == ["发改委", "高新区"]
    assert task20["cooperating_units"] == ["自然资源局", "丰林镇", "高塘乡"]
    assert task20["park_leaders"] == ["廖国峰", "陈明昊"]
    assert task20["progress"].startswith("丰林工业新区三期开发拆迁工作已完成")
    task9 = next(t for t in data["tasks"] if t["number"] == "9")
    assert task9["targets"] == [{"phrase": "达到720亿元", "comparator": "at_least", "amount": "7200000",
                                 "unit": "万元", "figure": "3800000"}]
    assert len(data["people_to_create"]) == 9 and len(data["units_to_create"]) == 12
    assert data["problems"] == [{"row": 7, "level": "warning",
                                 "message": "19号任务的完成情况中没有找到以万元计的完成数（目标：突破610亿元）。"}]
    assert data["counts"]["新增任务"] == 8
    assert Task.objects.count() == 8


def test_dry_run_says_what_would_happen_and_writes_nothing(park):
    before = db_counts()

    output = run("import_ledger", str(SAMPLE_DOCX), "--plan", PLAN, "--dry-run")

    assert "任务8项：新增8，更新0，不变0" in output
    assert "将新建人员9个：周洁（县级领导）" in output
    assert "试运行（--dry-run），未写入任何数据。" in output
    assert db_counts() == before


def test_second_import_reports_unchanged_tasks(park):
    run("import_ledger", str(SAMPLE_DOCX), "--plan", PLAN)

    data = json.loads(run("import_ledger", str(SAMPLE_DOCX), "--plan", PLAN, "--json"))

    assert {t["action"] for t in data["tasks"]} == {"unchanged"}
    assert data["counts"]["未变任务"] == 8 and Task.objects.count() == 8


def test_row_errors_exit_non_zero_and_write_nothing(park, tmp_path):
    path = write(tmp_path, "bad.docx", ledger_docx([["9.力争达到720亿元。", "周洁", "", "", "王晓君", ""]]))
    before = db_counts()

    with pytest.raises(CommandError, match="发现1处错误，未导入任何数据。"):
        run("import_ledger", str(path), "--plan", PLAN)

    assert db_counts() == before


@pytest.mark.parametrize("args, message", [
    (["/nowhere/ledger.docx", "--plan", PLAN], "找不到文件"),
    ([str(SAMPLE_DOCX), "--plan", PLAN, "--period", "2023年10月"], "期间格式应为 YYYY-MM"),
])
def test_bad_arguments_are_refused_in_chinese(park, args, message):
    with pytest.raises(CommandError, match=message):
        run("import_ledger", *args)


def test_a_renamed_text_file_is_refused(park, tmp_path):
    path = write(tmp_path, "ledger.docx", "不是Word文件".encode())

    with pytest.raises(CommandError, match="内容不是允许的类型"):
        run("import_ledger", str(path), "--plan", PLAN)
    assert Plan.objects.count() == 0


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_writes_a_file_that_imports_back(park, tmp_path, fmt):
    run("import_ledger", str(SAMPLE_DOCX), "--plan", PLAN)
    target = tmp_path / f"一览表.{fmt}"

    output = run("export_ledger", "--plan", PLAN, "--format", fmt, "-o", str(target))

    assert "已导出8项任务" in output
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, detail__contains=target.name).exists()
    run("import_ledger", str(target), "--plan", "副本")
    october = Plan.objects.get(name=PLAN).tasks.first().reports.first().period
    assert snapshot(Plan.objects.get(name="副本"), october) == snapshot(Plan.objects.get(name=PLAN), october)


def test_export_for_a_unit_and_a_light(park, tmp_path):
    run("import_ledger", str(SAMPLE_DOCX), "--plan", PLAN)
    target = tmp_path / "滞后.docx"

    run("export_ledger", "--plan", PLAN, "-o", str(target), "--unit", "工信局", "--lights", "滞后,逾期",
        "--with-light")

    rows = [[c.text for c in row.cells] for row in docx.Document(str(target)).tables[0].rows]
    assert [r[0][:2] for r in rows[1:]] == ["二、", "9."]
    assert rows[-1][-1] == "滞后"


def test_export_of_an_unknown_plan_names_the_plans_there_are(park, tmp_path):
    run("import_ledger", str(SAMPLE_DOCX), "--plan", PLAN)

    with pytest.raises(CommandError, match=f"没有名为“不存在”的计划。现有计划：{PLAN}"):
        run("export_ledger", "--plan", "不存在", "--format", "docx", "-o", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="未知的灯色：紫色"):
        run("export_ledger", "--plan", PLAN, "-o", str(tmp_path / "x.docx"), "--lights", "紫色")


def test_the_parkops_console_command_takes_dashes(park, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["parkops", "import-ledger", str(SAMPLE_DOCX), "--plan", PLAN, "--json"])
    # A command run from the command line closes every connection when it ends; on PostgreSQL that would
    # close the test's own transaction under it.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    cli.main()

    assert json.loads(capsys.readouterr().out)["committed"] is True
    assert Task.objects.filter(plan__name=PLAN).count() == 8
