"""What every import reads the same way: the blank words, the title and date above a table, the
numbers of headings."""

from datetime import date

from parkops.core.imports import Preview, read_title_lines
from parkops.core.text import SUB_HEADING_NUMBER, TOP_HEADING_NUMBER, chinese_numeral, is_blank, match_key


def test_a_dash_slash_or_ellipsis_is_a_blank_cell_but_none_is_an_answer():
    for cell in ("", "  ", "—", "— —", "-", "--", "／", "/", "\\", "……"):
        assert is_blank(cell), cell
    for cell in ("无", "0", "暂无", "工信局"):
        assert not is_blank(cell), cell


def test_the_title_and_the_date_above_a_table_are_read_with_the_year_of_the_title():
    preview = Preview(filename="表.docx")
    lines = read_title_lines(["附件1", "德安高新区 2025年重点项目进展情况表", "单位：亿元", "日期：2025年11月5日"], preview)
    assert lines.title == "德安高新区2025年重点项目进展情况表"
    assert lines.date == date(2025, 11, 5)
    assert lines.year == 2025
    assert not preview.problems


def test_a_long_line_with_a_date_in_it_is_the_title_unless_it_says_it_is_the_date():
    preview = Preview(filename="表.docx")
    lines = read_title_lines(["关于2025年3月1日起实施的重点工作任务推进情况一览表", "截至2025年3月31日各单位报送情况汇总"], preview)
    assert lines.title == "关于2025年3月1日起实施的重点工作任务推进情况一览表"
    assert lines.date == date(2025, 3, 31)


def test_a_date_that_does_not_exist_is_a_warning_not_a_date():
    preview = Preview(filename="表.docx")
    lines = read_title_lines(["一览表", "日期：2025年2月30日"], preview)
    assert lines.date is None
    assert [str(p) for p in preview.warnings] == ["日期“日期：2025年2月30日”不是有效日期。"]
    assert lines.year is None


def test_heading_numbers_are_written_and_read_as_documents_write_them():
    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 53, 99, 100)] == ["一", "十", "十二", "二十", "五十三", "九十九", "100"]
    assert TOP_HEADING_NUMBER.match("十二、产业项目")
    assert not TOP_HEADING_NUMBER.match("（二）产业项目")
    assert SUB_HEADING_NUMBER.match("(二)提升承载")


def test_names_match_whatever_their_spacing_and_the_width_of_their_brackets():
    assert match_key("德安 高新区(一期)项目") == match_key("德安高新区（一期）项目") == "德安高新区（一期）项目"
    assert match_key("（一）项目") != match_key("（二）项目")
