"""Building the built-in templates: official-format Word documents (core/officedoc.py) whose text holds
docxtpl's placeholders, so that what users download and edit is an ordinary document.

docxtpl's tags: {{ field }} prints; {%p … %} alone in a paragraph repeats or hides paragraphs;
{%tr … %} alone in a table row repeats or hides rows. The tag's own paragraph or row disappears.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from parkops.core import officedoc

CENTRE, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
# Wide tables in 五号 (the 进展情况表, the bulletin's ledger) print with narrow cell margins.
NARROW_CELL_MARGIN_MM = 0.8


def heading(document: Document, text: str, level: int = 1):
    """A heading that stays on the page of what it heads."""
    paragraph = officedoc.add_heading(document, text, level)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def narrow_cell_margins(table: Table, mm: float = NARROW_CELL_MARGIN_MM) -> None:
    """Word's default cell margins (1.9mm a side) leave a 17mm column too narrow for "（亿元）" in 五号."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(Mm(mm).twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema's place, before w:tblLook
    else:
        table._tbl.tblPr.append(margins)


def tag_paragraph(document: Document, tag: str) -> None:
    """A paragraph holding only a {%p %} tag: gone from the finished report."""
    officedoc.add_paragraph(document, f"{{%p {tag} %}}", first_line_indent=False)


def loop_rows(table: Table, loop: str, cells: Sequence[str], *, aligns: Sequence | None = None,
              size=officedoc.SIZE_SMALL_4) -> None:
    """Rows repeated for each item: `loop` is "row in rows", each cell a placeholder such as {{ row.name }}."""
    width = len(table.columns)
    officedoc.add_row(table, [f"{{%tr for {loop} %}}", *[""] * (width - 1)], size=size)
    officedoc.add_row(table, list(cells), aligns=aligns, size=size)
    officedoc.add_row(table, ["{%tr endfor %}", *[""] * (width - 1)], size=size)


def tag_row(table: Table, tag: str) -> None:
    officedoc.add_row(table, [f"{{%tr {tag} %}}", *[""] * (len(table.columns) - 1)])


def open_problems_table(document: Document, widths_mm: Sequence[float]) -> Table:
    """The table of open problems the agenda and the weekly report both print, one row per `p` of
    `problems` (number, project, problem, category, unit, deadline, days_overdue)."""
    table = officedoc.add_table(document, ["序号", "项目", "困难问题", "类别", "责任单位", "办结期限", "逾期天数"],
                                list(widths_mm), size=officedoc.SIZE_5)
    tag_row(table, "for p in problems")
    officedoc.add_row(table, ["{{ p.number }}", "{{ p.project }}", "{{ p.problem }}", "{{ p.category }}", "{{ p.unit }}",
                              "{{ p.deadline }}", "{{ p.days_overdue }}"],
                      aligns=[CENTRE, LEFT, LEFT, CENTRE, CENTRE, CENTRE, CENTRE], size=officedoc.SIZE_5)
    tag_row(table, "endfor")
    return table


def decisions_table(document: Document, widths_mm: Sequence[float]) -> None:
    """The last dispatch meeting's decisions and how each stands, as the agenda and the weekly report both
    print them: the table when there are `decisions`, then the line for a park with no meeting yet
    (closing the `if meeting` the caller opened)."""
    tag_paragraph(document, "if decisions")
    table = officedoc.add_table(document, ["序号", "议定事项", "项目", "责任单位", "完成期限", "落实情况"],
                                list(widths_mm), size=officedoc.SIZE_5)
    tag_row(table, "for d in decisions")
    officedoc.add_row(table, ["{{ d.number }}", "{{ d.text }}", "{{ d.project }}", "{{ d.unit }}", "{{ d.deadline }}",
                              "{{ d.status }}"], aligns=[CENTRE, LEFT, LEFT, CENTRE, CENTRE, LEFT], size=officedoc.SIZE_5)
    tag_row(table, "endfor")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "无上次调度会记录。")
    tag_paragraph(document, "endif")


def ledger_paper(table: Callable[..., None]) -> bytes:
    """A ledger as the committee prints it: landscape, the title, the date line on the right, and the
    table, which is printed with and without its 亮灯 column (two tables, one shown); then the sources.
    `table(document, with_light=…)` lays out the table."""
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "{{ date_line }}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=officedoc.SIZE_SMALL_4)
    tag_paragraph(document, "if include_light")
    table(document, with_light=True)
    tag_paragraph(document, "else")
    table(document, with_light=False)
    tag_paragraph(document, "endif")
    sources_appendix(document)
    return officedoc.to_bytes(document)


def sources_appendix(document: Document) -> None:
    """附件: each figure the report printed, what it means and where its records are. docxtpl fills in
    the figures the template actually printed, so the appendix follows the user's edits."""
    officedoc.add_paragraph(document, "{%p if sources %}", first_line_indent=False)
    paragraph = officedoc.add_paragraph(document, "", first_line_indent=False)
    paragraph.paragraph_format.page_break_before = True
    officedoc.set_font(paragraph.add_run("附件"), officedoc.HEITI, size=officedoc.SIZE_3)
    officedoc.add_paragraph(document, "本报告数字来源", align=CENTRE, font=officedoc.HEITI)
    width = officedoc.usable_width_mm(document)
    table = officedoc.add_table(document, ["序号", "数字", "数值", "口径", "来源"],
                                widths(width, (12, 34, 26, 54, 36)), size=officedoc.SIZE_5)
    loop_rows(table, "s in sources",
              ["{{ s.number }}", "{{ s.label }}", "{{ s.text }}", "{{ s.definition }}", "{{ s.source }}"],
              aligns=[CENTRE, LEFT, CENTRE, JUSTIFY, LEFT], size=officedoc.SIZE_5)
    officedoc.add_paragraph(document, "{%p endif %}", first_line_indent=False)


def widths(total: float, shares: Sequence[float]) -> list[float]:
    """Column widths in millimetres filling `total`, in the given proportions."""
    scale = total / sum(shares)
    return [round(share * scale, 1) for share in shares]
