"""Filling a Word template in: the part of drawing up a report that runs the template.

It imports no Django, so that a template a user uploaded can be filled in a child process with memory and
time limits (core/isolation.py; reports/engine.py decides which templates go there). The template
renders twice, first to learn which figures it prints (for the appendix of sources, which follows the
user's edits to the template), then for good. The HTML preview renders the same template with a marker
in place of each figure and reads the document back, so the page shows exactly what Word shows, with
each figure linked to its definition and its records.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage

from parkops.core import officedoc
from parkops.reports import sandbox
from parkops.reports.tracing import MARK_CLOSE, MARK_OPEN, Figure, recording


@dataclass(frozen=True)
class Chart:
    """A chart drawn as a picture (reports/charts.py), placed in the document at this width."""

    png: bytes
    width_mm: float = 150
    caption: str = ""


@dataclass(frozen=True)
class Source:
    """One line of the appendix of sources."""

    number: int
    label: str
    text: str
    definition: str
    source: str
    url: str


class TemplateFailed(Exception):
    """The template in use could not be filled in: said in Chinese, for the page and the report's status."""

    def __init__(self, message: str):
        super().__init__(message)

    def __reduce__(self):
        return TemplateFailed, (str(self),)


@dataclass
class RenderedReport:
    docx: bytes
    figures: list[Figure]


def jinja_environment() -> sandbox.TemplateSandbox:
    return sandbox.environment()


def render_document(template: bytes, context: dict) -> RenderedReport:
    """The template filled in; `figures` are those it printed, in the order it printed them."""
    with recording() as printed:
        _render(template, {**context, "sources": []})
    sources = [Source(number, f.label, f.text, f.definition, f.source, f.url)
               for number, f in enumerate(printed, start=1)]
    with recording() as printed_again:
        docx = _render(template, {**context, "sources": sources})
    return RenderedReport(docx=docx, figures=list(printed_again))


def _render(template: bytes, context: dict) -> bytes:
    document = DocxTemplate(BytesIO(template))
    try:
        document.render(_with_pictures(context, document), jinja_env=jinja_environment(), autoescape=True)
    except sandbox.SecurityError:
        # Only a template stored before uploads were checked against the sandbox can get here.
        raise TemplateFailed("所用模板含有不允许的写法（访问了字段以外的内容），已停止生成。"
                             "请在报告类型页面换用其他版本的模板或重新上传。") from None
    officedoc.keep_signature_with_text(document.docx)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_pictures(value, document: DocxTemplate):
    """Charts become pictures of this document, wherever they sit in dicts and lists."""
    if isinstance(value, Chart):
        return InlineImage(document, BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {key: _with_pictures(item, document) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_pictures(item, document) for item in value]
    return value


# -- The HTML preview ---------------------------------------------------------------------------------

_MARK = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")


@dataclass
class Preview:
    html: str  # the document's paragraphs and tables, figures linked to their notes
    figures: list[Figure]


def preview_document(template: bytes, context: dict) -> Preview:
    with recording(marks=True) as printed:
        docx = _render(template, {**context, "sources": []})
    document = Document(BytesIO(docx))
    parts = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            parts.append(_paragraph_html(Paragraph(block, document), printed, document))
        elif block.tag == qn("w:tbl"):
            parts.append(_table_html(Table(block, document), printed))
    return Preview(html="\n".join(parts), figures=list(printed))


def _text_html(text: str, figures: list[Figure]) -> str:
    def link(number: int) -> str:
        figure = figures[number]
        return (f'<a class="report-figure" href="#figure-{number + 1}" title="{html.escape(figure.label)}：'
                f'{html.escape(figure.definition)}">{html.escape(figure.text)}<sup>{number + 1}</sup></a>')

    # split() alternates the text between markers and the numbers inside them.
    pieces = _MARK.split(text)
    return "".join(link(int(piece)) if index % 2 else html.escape(piece) for index, piece in enumerate(pieces))


_ALIGN_CLASSES = {WD_ALIGN_PARAGRAPH.CENTER: "text-center", WD_ALIGN_PARAGRAPH.RIGHT: "text-end"}


def _paragraph_html(paragraph: Paragraph, figures: list[Figure], document) -> str:
    pictures = "".join(
        f'<img class="img-fluid d-block mx-auto" alt="图表" src="data:image/png;base64,'
        f'{base64.b64encode(document.part.related_parts[rid].blob).decode()}">'
        for rid in paragraph._p.xpath(".//a:blip/@r:embed")
    )
    text = paragraph.text
    if not text.strip() and not pictures:
        return ""
    sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
    css = [_ALIGN_CLASSES.get(paragraph.alignment, "")]
    if sizes and max(sizes) >= 20:
        css.append("report-title")
    elif paragraph.paragraph_format.first_line_indent:
        css.append("report-indent")
    return f'<p class="{" ".join(c for c in css if c)}">{_text_html(text, figures)}{pictures}</p>'


def _table_html(table: Table, figures: list[Figure]) -> str:
    rows = []
    for index, row in enumerate(table.rows):
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell appears once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            span = cell._tc.grid_span
            tag = "th" if index == 0 else "td"
            text = "<br>".join(_text_html(p.text, figures) for p in cell.paragraphs)
            cells.append(f'<{tag}{f" colspan={span}" if span > 1 else ""}>{text}</{tag}>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<div class="table-responsive"><table class="table table-bordered table-sm report-table">{"".join(rows)}</table></div>'
