"""Word documents in the official format (GB/T 9704-2012 党政机关公文格式), for every report we print.

The standard: A4; margins top 37mm, bottom 35mm, left 28mm, right 26mm; the title in 2号
方正小标宋简体; body in 3号 仿宋_GB2312, 22 lines a page; headings 一、 in 黑体 and （一） in
楷体; page numbers "— 1 —" in 4号 半角宋体, 7mm below the text block, odd pages on the right and
even pages on the left, each one character in from the edge. A wide ledger is printed landscape.

Word and WPS pick a run's Chinese font from w:eastAsia of w:rFonts, not from the name python-docx
sets (w:ascii / w:hAnsi): every font here is set through set_font(), which writes both, and removes
the theme attributes that would otherwise win over an explicit name.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN_FONT = "Times New Roman"

# 字号 in points.
SIZE_SMALL_0 = Pt(36)
SIZE_1 = Pt(26)
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
SIZE_SMALL_4 = Pt(12)
SIZE_5 = Pt(10.5)

# The 版头's red: the issuing organ's name and the separator line under it.
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"
# The separator is as wide as the text block; 2.25 points (w:sz counts eighths of a point).
RED_RULE_EIGHTHS = 18

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# 22 lines in the 225mm text block of a portrait page.
BODY_LINE_SPACING = Pt(28.95)
PAGE_NUMBER_GAP_MM = 7


def set_font(target, east_asia: str, *, size: Pt | None = None, bold: bool | None = None,
             latin: str | None = LATIN_FONT) -> None:
    """Set a run's or a style's font, the Chinese name in w:eastAsia where Word and WPS read it.
    Latin letters and digits take `latin` (Times New Roman in the body, as the offices do)."""
    font = target.font
    font.name = latin or east_asia
    element = target._r if hasattr(target, "_r") else target.element  # a run, or a style
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold


def new_document(*, landscape: bool = False) -> Document:
    """An empty A4 document with the standard's margins, body font and page numbers."""
    document = docx.Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The number's line sits 7mm below the text block; the footer distance is to its bottom edge.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM) - SIZE_4

    normal = document.styles["Normal"]
    set_font(normal, BODY_FONT, size=SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = BODY_LINE_SPACING
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    _set_chinese_language(document)
    add_page_numbers(document)
    return document


def _set_chinese_language(document: Document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def usable_width_mm(document: Document) -> float:
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def add_page_numbers(document: Document) -> None:
    """"— 1 —" in 4号 宋体: odd pages on the right, even pages on the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Paragraph, align) -> None:
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = SIZE_4
    else:
        paragraph.paragraph_format.left_indent = SIZE_4
    _font_run(paragraph, "— ")
    _field(paragraph, "PAGE", "1")
    _font_run(paragraph, " —")


def _font_run(paragraph: Paragraph, text: str):
    run = paragraph.add_run(text)
    set_font(run, SONGTI, size=SIZE_4, latin=SONGTI)
    return run


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word and WPS fill in the value when they lay the page out."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", placeholder),
                       ("end", None)):
        run = _font_run(paragraph, "")
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def add_title(document: Document, text: str) -> Paragraph:
    """The document's title: 2号 方正小标宋简体, centred."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(35)
    set_font(paragraph.add_run(text), TITLE_FONT, size=SIZE_2, latin=TITLE_FONT)
    return paragraph


def add_issuing_organ(document: Document, text: str, *, size: Pt = SIZE_SMALL_0) -> Paragraph:
    """发文机关标志 (GB/T 9704-2012 7.2.4): the organ's name, or the bulletin's ("某某高新区督查督办通报"),
    centred in red 方正小标宋简体, at the top of the first page."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.space_after = Pt(12)
    run = paragraph.add_run(text)
    set_font(run, TITLE_FONT, size=size, latin=TITLE_FONT)
    run.font.color.rgb = RED
    return paragraph


def add_issue_line(document: Document, left: str, right: str = "") -> Paragraph:
    """The line under the organ's name (发文字号, or a bulletin's "某某督查室编 … 2026年12月2日"), with the
    red separator under it (版头中的分隔线, 7.2.6): `left` at the left edge and `right` at the right edge,
    or `left` alone centred."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.space_after = Pt(16)
    if right:
        stops = paragraph.paragraph_format.tab_stops
        stops.add_tab_stop(Mm(usable_width_mm(document)), alignment=WD_TAB_ALIGNMENT.RIGHT)
        text = f"{left}\t{right}"
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text = left
    set_font(paragraph.add_run(text), BODY_FONT, size=SIZE_3)
    red_rule_below(paragraph)
    return paragraph


def red_rule_below(paragraph: Paragraph) -> None:
    """A red line as wide as the text block under the paragraph: its bottom border, so that it stays
    with the line it separates whatever a user types above it."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", str(RED_RULE_EIGHTHS)), ("w:space", "6"),
                        ("w:color", RED_HEX)):
        bottom.set(qn(name), value)
    borders.append(bottom)
    # The schema's order puts w:pBdr before w:shd, w:tabs, w:spacing, w:ind and w:jc.
    successor = next((child for child in properties if child.tag in {qn(t) for t in _AFTER_BORDERS}), None)
    if successor is not None:
        successor.addprevious(borders)
    else:
        properties.append(borders)


_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                  "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                  "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                  "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


# The paragraph style of the signature lines: the report centre keeps the text before it on their page
# (reports/rendering.py), whatever text a template puts there.
SIGNATURE_STYLE = "落款"


def add_signature(document: Document, issuer: str, dated: str) -> None:
    """发文机关署名 and 成文日期 (7.3.5): after an empty line, the organ over the date, the date four
    characters in from the right edge, in 阿拉伯数字 ("2026年12月2日"); the three lines kept together."""
    if SIGNATURE_STYLE not in [style.name for style in document.styles]:
        style = document.styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    for line in ("", issuer, dated):
        paragraph = add_paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT if line else None,
                                  first_line_indent=False)
        paragraph.style = document.styles[SIGNATURE_STYLE]
        paragraph.paragraph_format.right_indent = SIZE_3 * 4 if line else None
        paragraph.paragraph_format.keep_with_next = line != dated


def keep_signature_with_text(document: Document) -> None:
    """GB/T 9704 7.3.5: the signature and the date never stand alone on a page; the paragraph before the
    first signature line goes with them."""
    body = document.element.body
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == SIGNATURE_STYLE:
            previous = paragraph._p.getprevious()
            if previous is not None and previous.tag == qn("w:p") and previous.getparent() is body:
                Paragraph(previous, paragraph._parent).paragraph_format.keep_with_next = True
            return


def add_heading(document: Document, text: str, level: int = 1) -> Paragraph:
    """一、 in 黑体; （一） in 楷体; deeper levels in the body font. All 3号, indented two characters."""
    font = {1: HEITI, 2: KAITI}.get(level, BODY_FONT)
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = SIZE_3 * 2
    set_font(paragraph.add_run(text), font, size=SIZE_3)
    return paragraph


def add_paragraph(document: Document, text: str = "", *, align=None, first_line_indent: bool = True,
                  font: str = BODY_FONT, size: Pt = SIZE_3) -> Paragraph:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if first_line_indent and align is None:
        paragraph.paragraph_format.first_line_indent = size * 2
    if text:
        set_font(paragraph.add_run(text), font, size=size)
    return paragraph


def add_table(document: Document, header: Sequence[str], widths_mm: Sequence[float], *,
              size: Pt = SIZE_SMALL_4) -> Table:
    """A bordered table with a 黑体 header row that repeats at the top of every page."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed layout (python-docx writes <w:tblLayout w:type="fixed"/> in its schema place): Word keeps the
    # widths given instead of fitting columns to their text.
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    row = add_row(table, list(header), size=size, font=HEITI, align=WD_ALIGN_PARAGRAPH.CENTER,
                  vertical=WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    repeat_as_header(row)
    return table


def repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        properties.append(element)


def add_row(table: Table, values: Sequence[str | Sequence[str]], *, size: Pt = SIZE_SMALL_4,
            font: str = BODY_FONT, align=None, aligns: Sequence | None = None,
            vertical=WD_CELL_VERTICAL_ALIGNMENT.TOP) -> _Row:
    """One row; a value that is a list becomes one line per item (several leaders in one cell).
    Text sits at the top by default: a long row broken over two pages then reads on."""
    row = table.add_row()
    widths = [column.width for column in table.columns]
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        cell.width = widths[index]
        cell.vertical_alignment = vertical
        lines = [value] if isinstance(value, str) else list(value)
        lines = [line for text in lines for line in str(text).split("\n")] or [""]
        cell_align = aligns[index] if aligns is not None else align
        for position, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if position == 0 else cell.add_paragraph()
            _table_paragraph(paragraph, line, font=font, size=size, align=cell_align)
    return row


def add_spanning_row(table: Table, text: str, *, font: str = HEITI, size: Pt = SIZE_SMALL_4) -> _Row:
    """A row of one cell across the whole table: a section heading inside a ledger."""
    row = table.add_row()
    width = sum(column.width for column in table.columns)
    cell = row.cells[0].merge(row.cells[-1])
    cell.width = width
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _table_paragraph(cell.paragraphs[0], text, font=font, size=size, align=WD_ALIGN_PARAGRAPH.LEFT)
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return row


def _table_paragraph(paragraph: Paragraph, text: str, *, font: str, size: Pt, align) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        set_font(paragraph.add_run(text), font, size=size)


def to_bytes(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
