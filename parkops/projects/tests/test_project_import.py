"""Importing the 重点项目进展情况表: figures and units of money, previews, re-imports, bad rows and bad files."""

from datetime import date
from decimal import Decimal

import pytest

from parkops.core.imports import ImportFileError, ImportRejected
from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import LeaderLevel, UnitKind
from parkops.org.models import Person, Unit
from parkops.projects.choices import ProblemCategory, ProblemSource, ProblemStatus, ProjectKind
from parkops.projects.importers import ProjectImporter
from parkops.projects.milestones import DEFAULT_MILESTONES
from parkops.projects.models import MonthlyProgress, Problem, Project, ProjectYearPlan
from parkops.projects.progress_table import read_amount, split_problems
from parkops.projects.selectors import investment_figures, with_listing_data
from parkops.projects.tests.progress_tables import (
    HEADER,
    MAY,
    QIANZHAO,
    ROWS,
    TITLE,
    WEIKE,
    YUNCHUANG,
    db_counts,
    import_file,
    preview_file,
    table_docx,
    table_xlsx,
    write,
    yi,
)
from parkops.testing.factories import (
    MonthlyProgressFactory,
    PersonFactory,
    ProblemFactory,
    ProjectFactory,
    UnitFactory,
)

FORMATS = pytest.mark.parametrize("fmt", ["xlsx", "docx"])
BUILDERS = {"xlsx": table_xlsx, "docx": table_docx}


def table_file(tmp_path, fmt: str = "xlsx", rows: list = ROWS, **options):
    return write(tmp_path, f"进展情况表.{fmt}", BUILDERS[fmt](rows, **options))


def project(name_start: str) -> Project:
    return with_listing_data(Project.objects.filter(name__startswith=name_start)).get()


def replaced(row: list[str], **cells) -> list[str]:
    """A copy of a table row with some cells, named by their header, changed."""
    row = list(row)
    for header, value in cells.items():
        row[HEADER.index(header)] = value
    return row


# -- what a table gives -----------------------------------------------------------------------------------


@FORMATS
def test_table_creates_each_project_with_its_figures_in_wan_yuan(park, tmp_path, fmt):
    import_file(table_file(tmp_path, fmt))

    qianzhao = project("乾照光电")
    assert qianzhao.enterprise_name == "厦门乾照光电股份有限公司"
    assert qianzhao.total_investment == yi("50")
    assert ProjectYearPlan.objects.get(project=qianzhao, year=2025).planned_investment == yi("12")
    figures = investment_figures(qianzhao, year=2025)
    assert figures.invested_this_year == yi("6") and figures.completion_rate == Decimal("50.00")
    assert figures.latest.period == MAY and figures.latest.image_progress == "一区、二区厂房主体工程已全部完工"
    assert (qianzhao.leader.name, qianzhao.responsible_unit.name) == ("王晓君", "工信局")
    assert Project.objects.count() == 3


@FORMATS
def test_imported_projects_have_their_kinds_nodes_like_projects_entered_on_the_page(park, supervisor, tmp_path, fmt):
    import_file(table_file(tmp_path, fmt), user=supervisor)
    import_file(table_file(tmp_path, fmt), user=supervisor)  # again: the nodes are not added twice

    for name, kind in (("乾照光电", ProjectKind.INDUSTRIAL), ("维科", ProjectKind.INDUSTRIAL),
                       ("工控云创港", ProjectKind.STANDARD_FACTORY)):
        imported = project(name)
        assert imported.kind == kind
        assert [m.name for m in imported.milestones.order_by("position")] == list(DEFAULT_MILESTONES[kind])
    qianzhao = project("乾照光电")
    assert qianzhao.milestones.count() == 11
    created = qianzhao.history.earliest("history_date")
    assert created.history_user == supervisor and "进展情况表" in created.history_change_reason


def test_an_investment_without_image_progress_is_refused_in_the_preview_as_on_the_page(park, tmp_path):
    preview = preview_file(table_file(tmp_path, rows=[replaced(QIANZHAO, 形象进度="")]))

    assert [str(error) for error in preview.errors] == [
        "第4行：“乾照光电LED外延片及芯片项目”填了本年完成投资，但未填形象进度：月度进展须写明形象进度。"]


@FORMATS
def test_headings_give_the_kind_and_the_total_row_is_not_a_project(park, tmp_path, fmt):
    rows = [*ROWS, ["", "合计", "", "87.5", "25", "9.4", "37.60%", "", "", "", ""]]

    preview, _ = import_file(table_file(tmp_path, fmt, rows))

    assert [line.name for line in preview.projects] == [QIANZHAO[1], WEIKE[1], YUNCHUANG[1]]
    assert project("乾照光电").kind == ProjectKind.INDUSTRIAL
    assert project("工控云创港").kind == ProjectKind.STANDARD_FACTORY
    assert not preview.problems


def test_title_gives_the_year_and_the_date_line_the_month_before(park, tmp_path):
    preview = preview_file(table_file(tmp_path))

    assert (preview.table_title, preview.year) == (TITLE, 2025)
    assert preview.table_date == date(2025, 6, 5)
    assert preview.period == MAY  # a table dated 6月5日 reports 1-5月


def test_without_a_date_line_the_months_of_the_header_give_the_period(park, tmp_path):
    preview = preview_file(table_file(tmp_path, date_line=""))

    assert preview.period == MAY and not preview.has_errors


def test_without_date_or_months_a_period_is_needed_and_the_option_gives_it(park, tmp_path):
    header = replaced(HEADER, **{"1-5月完成投资（亿元）": "本年完成投资（亿元）"})
    path = table_file(tmp_path, header=header, date_line="")

    assert "无法确定完成投资所属期间" in str(preview_file(path).errors[0])
    preview = preview_file(path, period=date(2025, 7, 1))
    assert not preview.has_errors and preview.period == date(2025, 7, 1)


def test_a_period_outside_the_year_is_refused(park, tmp_path):
    preview = preview_file(table_file(tmp_path), period=date(2024, 12, 1))

    assert any("不在2025年度内" in str(p) for p in preview.errors)


def test_the_problem_cell_becomes_an_open_problem_of_the_project(park, tmp_path):
    import_file(table_file(tmp_path))

    problem = Problem.objects.get()
    assert problem.project == project("乾照光电")
    assert problem.description == "10KV新建线路尚未送电"
    assert (problem.category, problem.source, problem.status) == (
        ProblemCategory.OTHER, ProblemSource.LIAISON, ProblemStatus.OPEN)
    assert problem.raised_on == date(2025, 6, 5)  # the table's date
    assert (problem.responsible_unit.name, problem.leader.name) == ("工信局", "王晓君")


def test_leaders_are_park_leaders_and_units_get_their_kind(park, tmp_path):
    preview, outcome = import_file(table_file(tmp_path))

    assert {p.name: p.rows for p in preview.people_to_create} == {"王晓君": [5, 8], "廖国峰": [6]}
    assert [u.name for u in preview.units_to_create] == ["工信局", "高新区", "住建局"]
    assert set(Person.objects.values_list("level", flat=True)) == {LeaderLevel.PARK}
    assert Unit.objects.get(name="高新区").kind == UnitKind.PARK_OFFICE
    assert (outcome.counts["新增人员"], outcome.counts["新增单位"]) == (2, 3)


def test_known_people_and_units_are_found_by_name_and_alias(park, tmp_path):
    PersonFactory(park=park, name="王晓君", level=LeaderLevel.COUNTY)
    industry = UnitFactory(park=park, name="德安县工业和信息化局", aliases="工信局")

    preview, _ = import_file(table_file(tmp_path))

    assert "王晓君" not in [p.name for p in preview.people_to_create]
    assert "工信局" not in [u.name for u in preview.units_to_create]
    assert project("乾照光电").responsible_unit == industry
    assert Person.objects.get(name="王晓君").level == LeaderLevel.COUNTY  # not overwritten


# -- the year's investment ------------------------------------------------------------------------------


def test_the_years_investment_is_stored_as_this_months_share_over_earlier_months(park, tmp_path):
    qianzhao = ProjectFactory(park=park, name=QIANZHAO[1], total_investment=yi("50"))
    for month, amount in ((1, "1"), (2, "1.5"), (3, "1.2"), (4, "0.8")):
        MonthlyProgressFactory(project=qianzhao, period=date(2025, month, 1), invested=yi(amount))

    import_file(table_file(tmp_path, rows=[QIANZHAO]))

    assert MonthlyProgress.objects.get(project=qianzhao, period=MAY).invested == yi("1.5")
    assert investment_figures(project("乾照光电"), year=2025).invested_this_year == yi("6")


def test_a_later_month_already_reported_is_warned_about(park, tmp_path):
    qianzhao = ProjectFactory(park=park, name=QIANZHAO[1], total_investment=yi("50"))
    MonthlyProgressFactory(project=qianzhao, period=date(2025, 7, 1), invested=yi("1"))

    preview, _ = import_file(table_file(tmp_path, rows=[QIANZHAO]))

    assert any("已有2025年5月之后的月度进展" in str(p) for p in preview.warnings)
    assert investment_figures(project("乾照光电"), year=2025, until=MAY).invested_this_year == yi("6")


# -- units of money -------------------------------------------------------------------------------------


def test_a_header_in_wan_yuan_reads_the_same_projects_as_one_in_yi_yuan(park, tmp_path):
    header = replaced(HEADER, **{"总投资（亿元）": "总投资（万元）", "年度计划投资（亿元）": "年度计划投资（万元）",
                                 "1-5月完成投资（亿元）": "1-5月完成投资（万元）"})
    row = replaced(QIANZHAO, **{"总投资（亿元）": "500000", "年度计划投资（亿元）": "120000",
                                "1-5月完成投资（亿元）": "60000"})

    import_file(table_file(tmp_path, rows=[row], header=header))

    qianzhao = project("乾照光电")
    assert qianzhao.total_investment == yi("50")
    assert investment_figures(qianzhao, year=2025).planned_this_year == yi("12")
    assert investment_figures(qianzhao, year=2025).invested_this_year == yi("6")


def test_a_header_without_a_unit_is_read_in_wan_yuan_with_a_warning(park, tmp_path):
    header = replaced(HEADER, **{"总投资（亿元）": "总投资"})
    row = replaced(QIANZHAO, **{"总投资（亿元）": "500000"})

    preview, _ = import_file(table_file(tmp_path, rows=[row], header=header))

    assert "“总投资”列的表头未注明单位（亿元或万元），按万元读取。" in [str(p) for p in preview.warnings]
    assert project("乾照光电").total_investment == yi("50")


def test_a_unit_line_above_the_table_gives_the_unit_of_headers_without_one(park, tmp_path):
    header = replaced(HEADER, **{"总投资（亿元）": "总投资", "年度计划投资（亿元）": "年度计划投资"})

    preview, _ = import_file(table_file(tmp_path, rows=[QIANZHAO], header=header,
                                        date_line="单位：亿元　　　　日期：2025年6月5日"))

    assert not preview.warnings and preview.table_title == TITLE and preview.period == MAY
    assert project("乾照光电").total_investment == yi("50")
    assert investment_figures(project("乾照光电"), year=2025).planned_this_year == yi("12")


def test_amounts_are_read_as_people_write_them():
    assert read_amount("50", "亿元").value == Decimal(500000)
    assert read_amount("约6亿元", "万元").value == Decimal(60000)
    assert read_amount("3,500万", "亿元").value == Decimal(3500)
    assert read_amount("2.35", "亿元").value == Decimal(23500)
    assert read_amount("—", "亿元") is None and read_amount("", "亿元") is None
    with pytest.raises(ValueError):
        read_amount("五十", "亿元")


# -- headers as offices write them ----------------------------------------------------------------------


@pytest.mark.parametrize("names", [
    {"建设单位": "企业", "1-5月完成投资（亿元）": "今年完成投资（亿元）", "存在问题": "困难问题", "挂点领导": "责任领导"},
    {"建设单位": "建设单位/企业", "1-5月完成投资（亿元）": "2025年1—5月完成投资\n（亿元）",
     "存在问题": "存在的困难和问题", "年度计划投资（亿元）": "2025年计划投资（亿元）"},
    {"1-5月完成投资（亿元）": "本年完成投资(亿元)", "完成率": "投资完成率（%）", "形象进度": "工程形象进度"},
], ids=["企业-今年-困难问题-责任领导", "年份与月份-存在的困难和问题", "半角括号-完成率（%）"])
def test_header_synonyms(park, tmp_path, names):
    header = [names.get(name, name) for name in HEADER]

    preview, _ = import_file(table_file(tmp_path, rows=[QIANZHAO], header=header))

    assert not preview.warnings, preview.warnings
    qianzhao = project("乾照光电")
    assert qianzhao.enterprise_name == "厦门乾照光电股份有限公司" and qianzhao.leader.name == "王晓君"
    assert investment_figures(qianzhao, year=2025).invested_this_year == yi("6")
    assert Problem.objects.get().description == "10KV新建线路尚未送电"


# -- the completion rate --------------------------------------------------------------------------------


@pytest.mark.parametrize("rate, warned", [("50.00%", False), ("50.4%", False), ("0.5", False), ("50", False),
                                          ("51%", True), ("", False)])
def test_the_rate_is_computed_and_a_printed_one_far_from_it_warned(park, tmp_path, rate, warned):
    preview = preview_file(table_file(tmp_path, rows=[replaced(QIANZHAO, 完成率=rate)]))

    assert preview.projects[0].rate == Decimal("50.00")
    messages = [str(p) for p in preview.warnings]
    assert any("完成率填为51%" in m and "计算为50.00%" in m for m in messages) == warned


# -- the preview and re-imports -------------------------------------------------------------------------


def test_preview_lists_what_would_happen_and_writes_nothing(park, tmp_path):
    ProjectFactory(park=park, name=WEIKE[1], total_investment=yi("20"))
    before = db_counts()

    preview = preview_file(table_file(tmp_path))

    assert db_counts() == before
    assert preview.counts == {"新增": 2, "更新": 1, "不变": 0}
    weike = next(line for line in preview.projects if line.name == WEIKE[1])
    assert weike.changes == ["建设单位", "总投资", "年度计划投资", "本年完成投资", "形象进度", "挂点领导", "责任单位"]
    assert [(line.name, text) for line, text in preview.new_problems] == [(QIANZHAO[1], "10KV新建线路尚未送电")]
    data = preview.as_dict()
    assert data["period"] == "2025-05" and data["year"] == 2025
    assert data["projects"][0]["total"] == "500000" and data["projects"][0]["rate"] == "50.00"


def test_importing_the_same_table_again_changes_nothing(park, tmp_path):
    import_file(table_file(tmp_path, "docx"))
    before = db_counts()

    preview, outcome = import_file(table_file(tmp_path, "xlsx"))

    assert {line.action for line in preview.projects} == {"unchanged"}
    assert preview.people_to_create == [] and preview.units_to_create == [] and preview.new_problems == []
    after = db_counts()
    assert after.pop("AuditEntry") == before.pop("AuditEntry") + 1
    assert after == before
    assert outcome.counts["未变项目"] == 3


def test_reimport_updates_the_project_found_by_its_normalised_name(park, tmp_path):
    import_file(table_file(tmp_path))
    changed = replaced(QIANZHAO, 项目名称="乾照光电 LED外延片及芯片项目", **{
        "1-5月完成投资（亿元）": "6.5", "形象进度": "三区、四区厂房屋面浇筑", "存在问题": "化学品库用地尚未交付",
        "挂点领导": "廖国峰"})

    preview, outcome = import_file(table_file(tmp_path, rows=["一、产业项目", changed]))

    line = preview.projects[0]
    assert (line.action, line.changes) == ("update", ["本年完成投资", "形象进度", "挂点领导", "存在问题"])
    assert Project.objects.count() == 3 and outcome.counts["更新项目"] == 1
    qianzhao = project("乾照光电")
    assert qianzhao.name == QIANZHAO[1]  # the name is kept as first written
    assert MonthlyProgress.objects.filter(project=qianzhao).count() == 1
    figures = investment_figures(qianzhao, year=2025)
    assert figures.invested_this_year == yi("6.5") and figures.latest.image_progress == "三区、四区厂房屋面浇筑"
    assert qianzhao.leader.name == "廖国峰"
    assert sorted(Problem.objects.filter(project=qianzhao).values_list("description", flat=True)) == [
        "10KV新建线路尚未送电", "化学品库用地尚未交付"]


def test_a_problem_is_not_raised_twice_while_open_but_is_when_it_comes_back(park, tmp_path):
    qianzhao = ProjectFactory(park=park, name=QIANZHAO[1], total_investment=yi("50"))
    solved = ProblemFactory(project=qianzhao, description="10KV新建线路尚未送电", status=ProblemStatus.SOLVED)

    import_file(table_file(tmp_path, rows=[QIANZHAO]))
    import_file(table_file(tmp_path, rows=[QIANZHAO]))

    assert Problem.objects.filter(project=qianzhao).count() == 2
    assert Problem.objects.exclude(pk=solved.pk).get().status == ProblemStatus.OPEN


def test_numbered_problems_in_one_cell_are_several_problems(park, tmp_path):
    cell = "1.化学品库用地尚未交付；\n2.设备款1.5亿元尚未到位\n3.10KV新建线路尚未送电"
    ProblemFactory(project=ProjectFactory(park=park, name=QIANZHAO[1]), description="10KV新建线路尚未送电")

    preview, _ = import_file(table_file(tmp_path, rows=[replaced(QIANZHAO, 存在问题=cell)]))

    assert preview.projects[0].problems == ["化学品库用地尚未交付", "设备款1.5亿元尚未到位", "10KV新建线路尚未送电"]
    assert preview.projects[0].new_problems == ["化学品库用地尚未交付", "设备款1.5亿元尚未到位"]
    assert Problem.objects.count() == 3


def test_a_problem_over_several_unnumbered_lines_is_one_problem():
    assert split_problems("厂房屋面漏水\n需施工单位返工") == ["厂房屋面漏水\n需施工单位返工"]
    assert split_problems("2.用地未交付\n3.线路未送电") == ["2.用地未交付\n3.线路未送电"]
    assert split_problems("1.5亿元设备款尚未到位") == ["1.5亿元设备款尚未到位"]
    assert split_problems("暂无") == []


def test_a_blank_cell_leaves_what_is_recorded(park, tmp_path):
    import_file(table_file(tmp_path, rows=[QIANZHAO]))
    blank = replaced(QIANZHAO, 建设单位="", 挂点领导="", 责任单位="", 形象进度="", **{"年度计划投资（亿元）": ""})

    preview, _ = import_file(table_file(tmp_path, rows=[blank]))

    assert preview.projects[0].action == "unchanged"
    qianzhao = project("乾照光电")
    assert qianzhao.enterprise_name == "厦门乾照光电股份有限公司" and qianzhao.leader.name == "王晓君"
    assert investment_figures(qianzhao, year=2025).latest.image_progress == "一区、二区厂房主体工程已全部完工"


def test_every_committed_import_writes_one_audit_line(park, supervisor, tmp_path):
    import_file(table_file(tmp_path), user=supervisor)

    line = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert line.username == "supervisor" and "进展情况表.xlsx" in line.detail
    assert "新增项目3" in line.detail and "新增问题1" in line.detail


# -- bad rows and bad files -----------------------------------------------------------------------------


@FORMATS
def test_one_bad_row_blocks_the_whole_table(park, tmp_path, fmt):
    rows = [
        QIANZHAO,                                                   # row 4: fine
        replaced(WEIKE, **{"总投资（亿元）": "二十五"}),              # row 5: not a number
        replaced(YUNCHUANG, 项目名称=QIANZHAO[1]),                   # row 6: the same project again
        ["", "", "某某公司", "3", "1", "0.2", "", "", "", "", ""],   # row 7: no name
        replaced(YUNCHUANG, 项目名称="新项目", **{"总投资（亿元）": ""}),  # row 8: new, without a total
        replaced(YUNCHUANG, 项目名称="又一新项目", 挂点领导="高新区管委会招商服务中心副主任"),  # row 9
        replaced(YUNCHUANG, 项目名称="第三个新项目", **{"总投资（亿元）": "-3"}),             # row 10
        replaced(YUNCHUANG, 项目名称="第四个新项目", **{"总投资（亿元）": "125000000"}),      # row 11
    ]
    before = db_counts()

    preview = preview_file(table_file(tmp_path, fmt, rows))

    # Rows as the user finds them: Excel's row numbers, or the place in the Word table (no title rows).
    shift = 0 if fmt == "xlsx" else 2
    errors = {(p.row + shift, p.message) for p in preview.errors}
    assert (5, "“总投资”应为数字，收到“二十五”。") in errors
    assert (6, f"项目“{QIANZHAO[1]}”与第{4 - shift}行重复。") in errors
    assert (7, "“项目名称”为空，但其他列有内容：“某某公司”。请检查是否错行。") in errors
    assert (8, "新项目“新项目”没有填写总投资。") in errors
    assert any(row == 9 and "不像人名" in message for row, message in errors)
    assert (10, "“总投资”“-3”不能为负数。") in errors
    assert (11, "“总投资”“125000000”过大，请核对单位（亿元或万元）。") in errors
    with pytest.raises(ImportRejected, match="有7处错误，未导入任何数据"):
        ProjectImporter().commit(preview)
    assert db_counts() == before


@pytest.mark.parametrize("content, name, message", [
    ("不是表格".encode(), "进展情况表.xlsx", "内容不是允许的类型"),
    (b"PK\x03\x04" + b"\x00" * 200, "进展情况表.xlsx", "内容不是允许的类型"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "进展情况表.xls", "旧版Word/Excel格式"),
], ids=["text", "broken-zip", "old-xls"])
def test_a_file_that_is_not_a_table_is_refused_in_chinese(park, tmp_path, content, name, message):
    with pytest.raises(ImportFileError, match=message):
        preview_file(write(tmp_path, name, content))
    assert Project.objects.count() == 0


def test_a_truncated_workbook_is_refused_as_damaged(park, tmp_path):
    whole = table_xlsx()

    with pytest.raises(ImportFileError, match="已损坏"):
        preview_file(write(tmp_path, "进展情况表.xlsx", whole[: len(whole) // 2]))


def test_a_table_of_something_else_names_the_missing_columns(park, tmp_path):
    path = write(tmp_path, "一览表.docx", table_docx([["9.力争营业收入720亿元。", "周洁"]], header=["重点工作", "县政府责任领导"]))

    with pytest.raises(ImportFileError, match="未找到表头：缺少“项目名称”"):
        preview_file(path)
