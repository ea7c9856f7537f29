"""Importing the statistics bureau's monthly sheet: headers, units, matching, re-import, corrections and
refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import docx
import pytest

from parkops.core.imports import ImportFileError, ImportRejected, open_path
from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import importers
from parkops.economy.creditcode import check_character
from parkops.economy.models import Enterprise, IndicatorValue, PeriodClose, ScaleMembership
from parkops.economy.services import close_period
from parkops.economy.tests.sheets import (
    BATTERY,
    BATTERY_CODE,
    COPPER,
    COPPER_CODE,
    FLAT_ROWS,
    LED,
    LED_CODE,
    OCTOBER,
    db_counts,
    flat_sheet,
    import_file,
    preview_file,
    stored,
    two_row_sheet,
    write,
)
from parkops.testing.factories import EnterpriseFactory, ParkFactory

SEPTEMBER = date(2025, 9, 1)


@pytest.fixture
def registry(park):
    """The park's registry knows two of the three enterprises of the sheet, both 规上 since 2024."""
    known = [EnterpriseFactory(park=park, credit_code=LED_CODE, name=LED),
             EnterpriseFactory(park=park, credit_code=BATTERY_CODE, name=BATTERY)]
    for enterprise in known:
        ScaleMembership.objects.create(enterprise=enterprise, entered_period=date(2024, 1, 1))
    return known


def problems(preview) -> list[str]:
    return [str(problem) for problem in preview.problems]


def test_sheet_in_thousands_is_stored_in_wan_exactly(park, registry, supervisor, tmp_path):
    path = write(tmp_path, flat_sheet())

    preview, outcome = import_file(path, park=park, user=supervisor, create_missing=True)

    assert [column.name for column in preview.columns] == ["营业收入", "工业总产值", "利润总额", "税收", "用电量",
                                                           "从业人员"]
    assert preview.counts == {"rows": 3, "matched": 2, "new": 1, "not_scale": 1, "values_create": 16,
                              "values_update": 0, "values_unchanged": 0}
    assert stored(LED_CODE, "revenue") == Decimal("12345.67")  # 123456.7千元
    assert stored(LED_CODE, "output") == Decimal("15000")
    assert stored(LED_CODE, "profit") == Decimal("-234.5")  # a loss is a figure, not a mistake
    assert stored(LED_CODE, "tax") == Decimal("456.78")
    assert stored(LED_CODE, "electricity") == Decimal("120.5")  # 万千瓦时: not money, kept as given
    assert stored(LED_CODE, "employees") == Decimal("850")
    assert stored(BATTERY_CODE, "tax") is None  # "—": not reported
    assert stored(COPPER_CODE, "electricity") is None  # blank: not reported
    assert outcome.counts["新增企业"] == 1 and outcome.counts["新增数据"] == 16
    assert Enterprise.objects.get(credit_code=COPPER_CODE).name == COPPER
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    # The title says 规模以上: the new enterprise enters; the registry's two kept their hand-entered stretches.
    assert entry.detail == "导入统计局月度指标表“规上工业2025年10月.xlsx”：新增企业1，新增数据16，入规1"


def test_enterprises_not_scale_in_the_month_are_pointed_out_when_the_sheet_is_not_the_scale_list(park, registry,
                                                                                                 tmp_path):
    ScaleMembership.objects.filter(enterprise__credit_code=BATTERY_CODE).update(left_period=OCTOBER)  # 退规 in October

    preview = preview_file(write(tmp_path, flat_sheet()), park=park, create_missing=True, scale_sheet=False)

    assert preview.not_scale == 2  # 维科 left, 铜箔 is new
    assert "表中有2家企业在2025年10月没有规上记录（含新登记的企业），其数据导入后不计入规上工业的汇总。" \
        "如均为规上企业，请在企业名录中登记入规月份。" in problems(preview)


def test_month_value_is_derived_from_last_month(park, registry, tmp_path):
    september = flat_sheet([[1, LED_CODE, LED, 100000, "", "", "", "", 800]], title="2025年1-9月规模以上工业企业主要经济指标")
    import_file(write(tmp_path, september, "9月.xlsx"), park=park, period=SEPTEMBER)

    import_file(write(tmp_path, flat_sheet(FLAT_ROWS[:2])), park=park)

    value = IndicatorValue.objects.get(enterprise__credit_code=LED_CODE, indicator__code="revenue", period=OCTOBER)
    assert value.month_value == Decimal("2345.67")  # 12345.67 − 10000
    employees = IndicatorValue.objects.get(enterprise__credit_code=LED_CODE, indicator__code="employees",
                                           period=OCTOBER)
    assert employees.month_value == Decimal("850")  # a headcount, not summed over the months


@pytest.mark.parametrize(("unit", "written", "wan"), [
    ("元", "123456789", "12345.6789"),
    ("千元", "1234567.8", "123456.78"),
    ("万元", "8765.4321", "8765.4321"),
    ("亿元", "1.2345", "12345"),
])
def test_each_money_unit_converts_exactly(park, registry, tmp_path, unit, written, wan):
    sheet = flat_sheet([[1, LED_CODE, LED, written]], header=["序号", "统一社会信用代码", "企业名称", f"营业收入({unit})"])

    import_file(write(tmp_path, sheet), park=park)

    assert stored(LED_CODE, "revenue") == Decimal(wan)


def test_unit_line_above_the_table_applies_to_money_only(park, registry, tmp_path):
    sheet = flat_sheet([[1, LED_CODE, LED, 20000, 35, 12]], unit_line="单位：千元",
                       header=["序号", "社会信用代码", "企业名称", "主营业务收入", "综合能耗", "从业人数"])

    preview, _ = import_file(write(tmp_path, sheet), park=park)

    assert not any("单位" in problem for problem in problems(preview))
    assert stored(LED_CODE, "main_revenue") == Decimal("2000")
    assert stored(LED_CODE, "energy") == Decimal("35")  # 吨标准煤, whatever the money unit
    assert stored(LED_CODE, "employees") == Decimal("12")


def test_a_sheet_without_a_unit_is_read_in_wan_with_a_warning(park, registry, tmp_path):
    sheet = flat_sheet([[1, LED_CODE, LED, 5000]], header=["序号", "统一社会信用代码", "企业名称", "营业收入"])

    preview, _ = import_file(write(tmp_path, sheet), park=park)

    assert "表中未注明金额单位" in problems(preview)[0] and "营业收入按万元读取" in problems(preview)[0]
    assert stored(LED_CODE, "revenue") == Decimal("5000")


def test_two_row_header_takes_this_years_cumulative_only(park, registry, tmp_path):
    rows = [[1, LED_CODE, LED, 5000, 4000, 25, 8000, 7000, 14.29, 300, 200, 50],
            ["", "", "合计", 5000, 4000, 25, 8000, 7000, 14.29, 300, 200, 50]]

    preview, _ = import_file(write(tmp_path, two_row_sheet(rows)), park=park)

    assert preview.header_row == 3 and preview.rows == 1
    assert [(c.name, c.header) for c in preview.columns] == [
        ("营业收入", "营业收入 本月止累计"), ("主营业务收入", "主营收入 本月止累计"), ("利润总额", "利润 本月止累计")]
    assert {"header": "营业收入 上年同期累计", "reason": "上年同期、增速和当月数不导入，由系统计算"} in preview.ignored
    assert (stored(LED_CODE, "revenue"), stored(LED_CODE, "main_revenue"), stored(LED_CODE, "profit")) == (
        Decimal(5000), Decimal(8000), Decimal(300))


def test_two_row_header_with_this_month_and_1_n_columns(park, registry, tmp_path):
    rows = [[1, LED_CODE, LED, 600, 5000]]
    sheet = two_row_sheet(rows, indicators=["营业收入"], subcolumns=["10月", "1-10月"])

    preview, _ = import_file(write(tmp_path, sheet), park=park)

    assert [c.header for c in preview.columns] == ["营业收入 1-10月"]
    assert stored(LED_CODE, "revenue") == Decimal(5000)


def test_reimport_of_the_same_sheet_changes_nothing(park, registry, supervisor, tmp_path):
    path = write(tmp_path, flat_sheet(FLAT_ROWS[:2]))
    import_file(path, park=park, user=supervisor)
    before = db_counts()

    preview, outcome = import_file(path, park=park, user=supervisor)

    assert preview.counts["values_unchanged"] == 11 and preview.to_create == preview.to_update == 0
    assert outcome.counts["未变数据"] == 11 and outcome.counts["更新数据"] == 0
    after = db_counts()
    assert (after["values"], after["history"]) == (before["values"], before["history"])  # no new history lines


def test_correction_after_close_marks_the_period_revised_and_keeps_the_old_figure(park, registry, supervisor,
                                                                                  tmp_path):
    import_file(write(tmp_path, flat_sheet(FLAT_ROWS[:2])), park=park, user=supervisor)
    close_period(park=park, period=OCTOBER, user=supervisor)
    corrected = [list(FLAT_ROWS[0]), FLAT_ROWS[1]]
    corrected[0][3] = 130000  # 营业收入 123456.7 → 130000 千元

    preview, outcome = import_file(write(tmp_path, flat_sheet(corrected), "更正.xlsx"), park=park, user=supervisor)

    assert "该月已关账，导入将标记为关账后修订（原数据保留在历史记录中）。" in problems(preview)
    assert preview.to_update == 1 and outcome.counts["更新数据"] == 1 and outcome.revised_periods == [OCTOBER]
    assert PeriodClose.objects.get(park=park, period=OCTOBER).is_revised
    value = IndicatorValue.objects.get(enterprise__credit_code=LED_CODE, indicator__code="revenue", period=OCTOBER)
    assert value.cumulative == Decimal("13000") and value.closed_cumulative == Decimal("12345.67")
    assert [h.cumulative for h in value.history.order_by("history_date")] == [Decimal("12345.67"), Decimal("13000")]
    assert value.history.latest().history_change_reason == "由统计局月度指标表“更正.xlsx”导入"


def test_malformed_sheet_lists_every_problem_by_row_and_writes_nothing(park, registry, supervisor, tmp_path):
    bad_code = COPPER_CODE[:17] + ("0" if COPPER_CODE[17] != "0" else "1")
    rows = [
        [1, LED_CODE, LED, "十二万", 150000, 100, 10, 1, 1],  # row 3: text in a number column
        [2, BATTERY_CODE, BATTERY, 98765, "约10万", 3210, 5, 1, 1],  # row 4: not a number either
        [3, LED_CODE, "乾照光电", 1, 1, 1, 1, 1, 1],  # row 5: the code of row 3 again
        [4, bad_code, COPPER, 1, 1, 1, 1, 1, 1],  # row 6: a wrong check character
    ]
    path = write(tmp_path, flat_sheet(rows, title="2025年1-9月规模以上工业企业主要经济指标"))
    before = db_counts()

    preview = preview_file(path, park=park, create_missing=True)

    assert problems(preview) == [
        "表格标题“2025年1-9月规模以上工业企业主要经济指标”写的是2025年1-9月，与所选期间2025年10月（1-10月）不符。"
        "请核对所选月份或文件。",
        "第3行：“营业收入”应为数字，收到“十二万”。",
        "第4行：“工业总产值”应为数字，收到“约10万”。",
        f"第5行：统一社会信用代码“{LED_CODE}”与第3行重复，同一企业在表中只能出现一次。",
        f"第6行：统一社会信用代码“{bad_code}”的校验位应为“{COPPER_CODE[17]}”，实为“{bad_code[17]}”，请核对是否抄错。",
    ]
    with pytest.raises(ImportRejected, match="有5处错误，未导入任何数据"):
        importers.IndicatorImporter(park=park, period=OCTOBER, create_missing=True).commit(preview, user=supervisor)
    assert db_counts() == before


def test_unknown_enterprises_are_listed_and_refused_without_create_missing(park, registry, supervisor, tmp_path):
    path = write(tmp_path, flat_sheet())
    before = db_counts()

    preview = preview_file(path, park=park)

    assert [(n.credit_code, n.name, n.row) for n in preview.new_enterprises] == [(COPPER_CODE, COPPER, 5)]
    assert preview.missing_refused and len(preview.errors) == 1
    assert "表中有1家企业不在企业名录中（见“表中新企业”）。请勾选“登记表中新企业”（命令行加 --create-missing）" in \
        str(preview.errors[0])
    with pytest.raises(ImportRejected):
        importers.IndicatorImporter(park=park, period=OCTOBER).commit(preview, user=supervisor)
    assert db_counts() == before


def test_rows_without_a_credit_code_are_matched_by_name(park, registry, tmp_path):
    rows = [[1, "", "维科 电池有限公司", 500], [2, "MA35ABCD-1", LED, 600]]  # no code; an organisation code
    sheet = flat_sheet(rows, header=["序号", "组织机构代码", "单位名称", "营业收入（万元）"])

    preview, _ = import_file(write(tmp_path, sheet), park=park)

    assert preview.matched == 2 and not preview.errors
    assert (stored(BATTERY_CODE, "revenue"), stored(LED_CODE, "revenue")) == (Decimal(500), Decimal(600))


def test_a_new_code_with_the_name_of_a_registered_enterprise_is_an_error(park, registry, tmp_path):
    other = "91361126999999999" + check_character("91361126999999999")
    sheet = flat_sheet([[1, other, LED, 1]], header=["序号", "统一社会信用代码", "企业名称", "营业收入（万元）"])

    preview = preview_file(write(tmp_path, sheet), park=park, create_missing=True)

    assert problems(preview) == [f"第3行：统一社会信用代码“{other}”不在企业名录中，但企业名称与名录中的“{LED}”"
                                 f"（信用代码{LED_CODE}）相同，请核对信用代码。"]


def test_an_unknown_enterprise_without_a_code_cannot_be_registered(park, registry, tmp_path):
    sheet = flat_sheet([[1, "", "新来的有限公司", 1]], header=["序号", "统一社会信用代码", "企业名称", "营业收入（万元）"])

    preview = preview_file(write(tmp_path, sheet), park=park, create_missing=True)

    assert problems(preview) == ["第3行：企业“新来的有限公司”不在企业名录中，且没有统一社会信用代码，无法登记。"
                                 "请补填信用代码，或先在企业名录中登记该企业。"]


def test_a_credit_code_stored_as_a_number_is_refused(park, registry, tmp_path):
    sheet = flat_sheet([[1, 913611260000001010, LED, 1]], header=["序号", "统一社会信用代码", "企业名称", "营业收入（万元）"])

    preview = preview_file(write(tmp_path, sheet), park=park)

    assert "被Excel存成了数字，末几位已丢失" in problems(preview)[0] and problems(preview)[0].startswith("第3行：")


def test_an_enterprise_of_another_park_is_not_written_into_this_one(park, tmp_path):
    EnterpriseFactory(park=ParkFactory(name="另一园区"), credit_code=LED_CODE, name=LED)
    sheet = flat_sheet([[1, LED_CODE, LED, 1]], header=["序号", "统一社会信用代码", "企业名称", "营业收入（万元）"])

    preview = preview_file(write(tmp_path, sheet), park=park, create_missing=True)

    assert problems(preview) == [f"第3行：统一社会信用代码“{LED_CODE}”属于其他园区的企业“{LED}”。"]


def test_importing_a_month_before_one_already_imported_warns_and_rederives_it(park, registry, tmp_path):
    import_file(write(tmp_path, flat_sheet(FLAT_ROWS[:1])), park=park)
    september = flat_sheet([[1, LED_CODE, LED, 100000]], title="2025年1-9月规模以上工业企业主要经济指标",
                           header=["序号", "统一社会信用代码", "企业名称", "营业收入（千元）"])

    preview, _ = import_file(write(tmp_path, september, "9月.xlsx"), park=park, period=SEPTEMBER)

    assert "系统中已有2025年10月的数据：导入后将按本月的累计数重新计算2025年10月各企业的当月值。" in problems(preview)
    assert "系统中还没有2025年8月的数据，本月各企业的当月值暂无法计算；导入2025年8月后会自动补算。" in problems(preview)
    october = IndicatorValue.objects.get(enterprise__credit_code=LED_CODE, indicator__code="revenue", period=OCTOBER)
    assert october.month_value == Decimal("2345.67")


def test_a_month_not_yet_over_is_refused(park, registry, tmp_path, clock):
    sheet = flat_sheet(FLAT_ROWS[:1], title="2026年1-3月规模以上工业企业主要经济指标")

    preview = preview_file(write(tmp_path, sheet), park=park, period=date(2026, 3, 1))

    assert "所选期间2026年3月尚未结束，统计局的月度数据要到次月才有。请核对所选月份。" in problems(preview)


def test_header_month_other_than_the_period_is_refused(park, registry, tmp_path):
    sheet = two_row_sheet([[1, LED_CODE, LED, 1, 1]], title="规模以上工业企业主要经济指标", indicators=["营业收入"],
                          subcolumns=["1-9月", "上年1-9月"])

    preview = preview_file(write(tmp_path, sheet), park=park)

    assert [str(error) for error in preview.errors] == ["表头“营业收入 1-9月”是1-9月的累计数，与所选期间2025年10月（1-10月）不符。请核对所选月份或文件。"]


def test_progress_is_reported_while_reading(park, registry, tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 2)
    seen = []
    importer = importers.IndicatorImporter(park=park, period=OCTOBER, create_missing=True,
                                           progress=lambda phase, done, total: seen.append((phase, done, total)))
    with open_path(write(tmp_path, flat_sheet())) as file:
        importer.preview(file)

    assert seen == [("reading", 0, 6), ("reading", 4, 6), ("reading", 6, 6)]  # rows 3-6 under title and header


def test_word_and_old_excel_files_get_cores_messages(park, tmp_path):
    document = docx.Document()
    document.add_paragraph("不是表格")
    word = tmp_path / "月报.docx"
    document.save(word)
    old_excel = tmp_path / "月报.xls"
    old_excel.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)

    with pytest.raises(ImportFileError, match="文件“月报.docx”的内容不是允许的类型（允许：Excel）。"):
        preview_file(word, park=park)
    with pytest.raises(ImportFileError, match=r"旧版Word/Excel格式（\.doc/\.xls）"):
        preview_file(old_excel, park=park)


def test_a_sheet_without_an_indicator_header_says_what_it_needs(park, tmp_path):
    sheet = flat_sheet([[1, LED_CODE, LED, 1]], header=["序号", "统一社会信用代码", "企业名称", "出口交货值"])

    with pytest.raises(ImportFileError, match="需要“企业名称”.*“营业收入”、“主营业务收入”"):
        preview_file(write(tmp_path, sheet), park=park)


def test_units_written_after_the_name_and_a_date_line_above(park, registry, tmp_path):
    book_rows = [[1, LED_CODE, LED, 1234.5, 20]]
    sheet = flat_sheet(book_rows, beside_title="填报日期：2025年11月",
                       header=["序号", "统一社会信用代码", "企业名称", "营业收入/千元", "用电量万千瓦时"])

    preview, _ = import_file(write(tmp_path, sheet), park=park)

    assert not preview.errors and preview.title == "2025年1-10月规模以上工业企业主要经济指标"
    assert (stored(LED_CODE, "revenue"), stored(LED_CODE, "electricity")) == (Decimal("123.45"), Decimal(20))


def test_a_unit_that_cannot_be_converted_is_refused_with_the_rest(park, registry, tmp_path):
    sheet = flat_sheet([[1, LED_CODE, LED, 1, "一千"]],
                       header=["序号", "统一社会信用代码", "企业名称", "从业人员（千元）", "营业收入（万元）"])

    preview = preview_file(write(tmp_path, sheet), park=park)

    assert [str(error) for error in preview.errors] == [
        "“从业人员（千元）”列的单位“千元”与系统中“从业人员”的计量单位“人”不同，无法换算。请改为人后再导入。",
        "第3行：“营业收入”应为数字，收到“一千”。",
    ]
