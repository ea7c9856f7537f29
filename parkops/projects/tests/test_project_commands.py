"""`parkops import-projects` and `parkops export-projects`."""

import json
import sys
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from openpyxl import load_workbook

from parkops import cli
from parkops.core.models import AuditAction, AuditEntry
from parkops.projects.choices import ProjectKind
from parkops.projects.models import Problem, Project
from parkops.projects.tests.progress_tables import (
    HEADER,
    QIANZHAO,
    WEIKE,
    db_counts,
    snapshot,
    table_docx,
    table_xlsx,
    write,
)
from parkops.testing.factories import ParkFactory


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def xlsx(tmp_path):
    return write(tmp_path, "进展情况表.xlsx", table_xlsx())


def test_import_json_lists_everything_it_created(park, xlsx):
    data = json.loads(run("import_projects", str(xlsx), "--json"))

    assert data["committed"] is True
    assert (data["year"], data["period"], data["date"]) == (2025, "2025-05", "2025-06-05")
    qianzhao = data["projects"][0]
    assert qianzhao | {"row": 5} == {
        "row": 5, "name": QIANZHAO[1], "kind": "industrial", "enterprise": "厦门乾照光电股份有限公司",
        "total": "500000", "year_plan": "120000", "invested_this_year": "60000", "rate": "50.00", "rate_read": "50.00",
        "image_progress": "一区、二区厂房主体工程已全部完工", "problems": ["10KV新建线路尚未送电"],
        "new_problems": ["10KV新建线路尚未送电"], "leader": "王晓君", "unit": "工信局", "action": "create",
        "changes": [],
    }
    assert [p["name"] for p in data["people_to_create"]] == ["王晓君", "廖国峰"]
    assert data["people_to_create"][0]["kind_label"] == "园区领导"
    assert [u["name"] for u in data["units_to_create"]] == ["工信局", "高新区", "住建局"]
    assert data["counts"] == {"新增项目": 3, "更新项目": 0, "未变项目": 0, "新增人员": 2, "新增单位": 3, "导入进展": 3,
                              "新增问题": 1}
    assert Project.objects.count() == 3


def test_dry_run_says_what_would_happen_and_writes_nothing(park, xlsx):
    before = db_counts()

    output = run("import_projects", str(xlsx), "--dry-run")

    assert "期间：2025年5月（本年完成投资为1-5月累计）" in output
    assert "项目3个：新增3，更新0，不变0" in output
    assert f"[新增] {QIANZHAO[1]}" in output
    assert f"将新增困难问题1个：{QIANZHAO[1]}：10KV新建线路尚未送电" in output
    assert "将新建人员2个：王晓君（园区领导）、廖国峰（园区领导）" in output
    assert "试运行（--dry-run），未写入任何数据。" in output
    assert db_counts() == before


def test_second_import_reports_unchanged_projects(park, xlsx):
    run("import_projects", str(xlsx))

    output = run("import_projects", str(xlsx))

    assert "项目3个：新增0，更新0，不变3" in output and "已导入：未变项目3。" in output
    assert Project.objects.count() == 3 and Problem.objects.count() == 1


def test_year_and_period_options(park, tmp_path):
    path = write(tmp_path, "无日期.docx", table_docx([QIANZHAO], title="重点项目进展情况表", date_line="",
                                                  header=[h.replace("1-5月", "本年") for h in HEADER]))

    with pytest.raises(CommandError, match="发现1处错误"):
        run("import_projects", str(path))
    data = json.loads(run("import_projects", str(path), "--period", "2025-08", "--json"))
    assert (data["year"], data["period"]) == (2025, "2025-08")


def test_row_errors_exit_non_zero_and_write_nothing(park, tmp_path):
    path = write(tmp_path, "有错.xlsx", table_xlsx([QIANZHAO, [*WEIKE[:3], "二十五", *WEIKE[4:]]]))
    before = db_counts()

    with pytest.raises(CommandError, match="发现1处错误，未导入任何数据。"):
        run("import_projects", str(path))
    assert db_counts() == before


@pytest.mark.parametrize("args, message", [
    (["/nowhere/进展情况表.xlsx"], "找不到文件"),
    (["{xlsx}", "--period", "2025年5月"], "期间格式应为 YYYY-MM"),
    (["{xlsx}", "--year", "25"], "年度格式应为 YYYY"),
    (["{xlsx}", "--park", "不存在的园区"], "没有名为“不存在的园区”的园区"),
])
def test_bad_arguments_are_refused_in_chinese(park, xlsx, args, message):
    with pytest.raises(CommandError, match=message):
        run("import_projects", *[a.format(xlsx=xlsx) for a in args])


def test_a_renamed_text_file_is_refused(park, tmp_path):
    path = write(tmp_path, "进展情况表.docx", "不是Word文件".encode())

    with pytest.raises(CommandError, match="内容不是允许的类型"):
        run("import_projects", str(path))
    assert Project.objects.count() == 0


def test_with_two_parks_the_park_must_be_named(park, xlsx):
    ParkFactory(name="另一园区", short_name="另一园区")

    with pytest.raises(CommandError, match="发现1处错误"):
        run("import_projects", str(xlsx))
    run("import_projects", str(xlsx), "--park", "另一园区")
    assert set(Project.objects.values_list("park__name", flat=True)) == {"另一园区"}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_writes_a_file_that_imports_back(park, xlsx, tmp_path, fmt):
    run("import_projects", str(xlsx))
    target = tmp_path / f"导出.{fmt}"

    output = run("export_projects", "--format", fmt, "-o", str(target), "--year", "2025")

    assert f"已导出3个项目到 {target}" in output
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, detail__contains=target.name).exists()
    other = ParkFactory(name="另一园区", short_name="另一园区")
    run("import_projects", str(target), "--park", "另一园区")
    assert snapshot(other, 2025) == snapshot(park, 2025)


def test_export_by_kind_and_format_from_the_extension(park, xlsx, tmp_path):
    run("import_projects", str(xlsx))
    target = tmp_path / "标准厂房.docx"

    run("export_projects", "-o", str(target), "--year", "2025", "--kind", "标准厂房")

    rows = [[c.text for c in row.cells] for row in docx.Document(str(target)).tables[0].rows]
    assert [r[1] for r in rows[1:]] == ["一、标准厂房（1个）", "工控云创港标准厂房", "合计"]
    assert Project.objects.get(name="工控云创港标准厂房").kind == ProjectKind.STANDARD_FACTORY


def test_export_with_the_light_of_each_project(park, xlsx, tmp_path):
    run("import_projects", str(xlsx))
    target = tmp_path / "亮灯.xlsx"

    run("export_projects", "-o", str(target), "--year", "2025", "--with-light")

    sheet = load_workbook(target).active
    assert sheet["L3"].value == "亮灯"
    assert {sheet.cell(row, 12).value for row in (5, 6, 8)} <= {"红灯", "黄灯", "绿灯", "未开始"}


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/x.docx", "--lights", "紫灯"], "未知的灯色：紫灯。可选：红灯、黄灯、绿灯、未开始"),
    (["-o", "{tmp}/x.pdf"], "请用 --format 指定格式：docx、xlsx"),
    (["-o", "{tmp}/x.docx", "--kind", "工业"], "未知的项目类别：工业。可选：产业项目、基础设施、标准厂房、社会民生"),
    (["-o", "{tmp}/x.docx", "--level", "国家级"], "未知的项目级别：国家级"),
    (["-o", "{tmp}/x.docx", "--kind", "社会民生"], "没有符合条件的项目，未生成文件。"),
])
def test_export_refuses_in_chinese(park, xlsx, tmp_path, args, message):
    run("import_projects", str(xlsx))

    with pytest.raises(CommandError, match=message):
        run("export_projects", *[a.format(tmp=tmp_path) for a in args])


def test_the_parkops_console_command_takes_dashes(park, xlsx, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["parkops", "import-projects", str(xlsx), "--json"])
    # A command run from the command line closes every connection when it ends; on PostgreSQL that would
    # close the test's own transaction under it.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    cli.main()

    assert json.loads(capsys.readouterr().out)["committed"] is True
    assert Project.objects.count() == 3
