"""Checking a template a user uploads, before it replaces the one in use.

docxtpl turns the document's XML into one Jinja template; checked with each paragraph on a line of its own,
so a line number is a paragraph's place in the document (table cells included) and the text of
that line is what the user sees in Word. A template is refused when Jinja cannot read it (a brace or
a tag left open, a loop without its end), when it names a field the report does not offer, or when a
trial rendering with the park's own data finds a field of an item that does not exist. Each problem
names the line, the text around it and the field.
"""

from __future__ import annotations

import re
import traceback
import zipfile
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes

from parkops.reports.registry import ReportType

_TAG = re.compile(r"<[^>]+>")
_JINJA_MESSAGES = (
    (re.compile(r"Unexpected end of template.*looking for the following tags: '(\w+)'", re.S),
     "模板结束了，还缺少结束标记 {{%{0}%}}：一个 {{% for %}} 或 {{% if %}} 没有对应的结束标记"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "无法识别的标记 {{%{0}%}}"),
    (re.compile(r"unexpected '(.+?)'"), "占位符写法有误：此处不应出现“{0}”，请检查 {{{{ }}}} 或 {{% %}} 是否成对"),
    (re.compile(r"unexpected end of template", re.I), "占位符没有写完：{{{{ 或 {{% 缺少对应的 }}}} 或 %}}"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "占位符写法有误：此处应为“{0}”，实际为“{1}”"),
)


@dataclass(frozen=True)
class TemplateProblem:
    line: int | None  # the paragraph's place in the document; None for the whole file
    text: str  # that paragraph's text, as the user sees it in Word
    field: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.line}行（“{self.text[:40]}”）：" if self.line else ""
        return f"{where}{self.message}"


class TemplateRefused(Exception):
    def __init__(self, problems: list[TemplateProblem]):
        super().__init__("；".join(map(str, problems)))
        self.problems = problems


def check_template(report_type: ReportType, content: bytes, *, trial_context: dict | None = None) -> None:
    """Raise TemplateRefused listing what is wrong; return quietly when the template can be used."""
    try:
        template = DocxTemplate(BytesIO(content))
        template.init_docx()
        Document(BytesIO(content))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise TemplateRefused([TemplateProblem(None, "", "", "不是有效的 Word 文件（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。")]) from None
    source, texts = _lines(template)
    unclosed = _unclosed(texts) or _unclosed_blocks(texts)
    if unclosed:
        raise TemplateRefused(unclosed)
    try:
        # Parsed only, to name the fields a template uses; never rendered here, so nothing is escaped.
        tree = Environment().parse(source)  # nosec B701
    except TemplateSyntaxError as error:
        raise TemplateRefused([_syntax_problem(error, texts)]) from None

    known = report_type.field_names
    unknown = sorted(meta.find_undeclared_variables(tree) - known)
    if unknown:
        first_lines = {}
        for name in tree.find_all(nodes.Name):
            if name.name in unknown and name.ctx == "load":
                first_lines.setdefault(name.name, name.lineno)
        raise TemplateRefused([
            TemplateProblem(_paragraph(first_lines.get(n)), _line_text(texts, first_lines.get(n)), n,
                            f"未知字段“{n}”。本报告可用的字段见报告类型页面的字段说明。")
            for n in unknown
        ])
    if trial_context is not None:
        _trial_render(source, texts, trial_context)


def _lines(template: DocxTemplate) -> tuple[str, list[str]]:
    """The body's Jinja source with each paragraph on a line of its own, and the paragraphs' text by line.
    docxtpl's own clean-up (patch_xml) keeps line breaks, so a line is a paragraph on both sides; line 1
    is the document's header, so paragraph N is line N + 1."""
    raw = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.get_xml())
    texts = [_TAG.sub("", line).strip() for line in raw.splitlines()]
    return template.patch_xml(raw), texts


def _line_text(texts: list[str], line: int | None) -> str:
    return texts[line - 1] if line and line <= len(texts) else ""


def _paragraph(line: int | None) -> int | None:
    return line - 1 if line else None


def _unclosed(texts: list[str]) -> list[TemplateProblem]:
    """A {{ or {% left open in a paragraph: Jinja would read on into the next ones and blame the wrong line."""
    problems = []
    for line, text in enumerate(texts, start=1):
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            if text.count(opening) != text.count(closing):
                problems.append(TemplateProblem(_paragraph(line), text, _first_name(text),
                                                f"占位符没有写完：{opening} 与 {closing} 须在同一段中成对出现"))
                break
    return problems


_BLOCK_TAG = re.compile(r"{%-?\s*(?:[ptrc]\s+)?(for|if|endfor|endif)\b")


def _unclosed_blocks(texts: list[str]) -> list[TemplateProblem]:
    """A for or if without its end: Jinja notices only at the end of the document, so find the opening
    that was left open, which is where the user has to look."""
    stack: list[tuple[str, int]] = []
    for line, text in enumerate(texts, start=1):
        for keyword in _BLOCK_TAG.findall(text):
            if keyword in ("for", "if"):
                stack.append((keyword, line))
            elif stack and stack[-1][0] == keyword[3:]:
                stack.pop()
            else:
                return [TemplateProblem(_paragraph(line), text, keyword,
                                        f"多余的结束标记 {{%{keyword}%}}：前面没有与之对应的 {{%{keyword[3:]}%}}")]
    return [TemplateProblem(_paragraph(line), texts[line - 1], keyword,
                            f"{{%{keyword}%}} 没有对应的结束标记 {{%end{keyword}%}}，请在要重复或判断的内容之后补上")
            for keyword, line in stack]


def _first_name(text: str) -> str:
    match = re.search(r"(?:{{|{%)\s*(?:[ptr]\s+)?(?:for\s+\w+\s+in\s+|if\s+)?([\w.]+)", text)
    return match.group(1) if match else ""


def _syntax_problem(error: TemplateSyntaxError, texts: list[str]) -> TemplateProblem:
    message = str(error.message or error)
    for pattern, chinese in _JINJA_MESSAGES:
        match = pattern.search(message)
        if match:
            text = chinese.format(*match.groups())
            break
    else:
        text = f"模板写法有误（{message}）"
    field = re.search(r"'(\w+)'", message)
    return TemplateProblem(_paragraph(error.lineno), _line_text(texts, error.lineno), field.group(1) if field else "",
                           text)


def _trial_render(source: str, texts: list[str], context: dict) -> None:
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        environment.from_string(source).render({**context, "sources": []})
    except UndefinedError as error:
        line = _template_line(error)
        missing = re.search(r"has no attribute '(\w+)'|'(\w+)' is undefined", str(error))
        name = next((g for g in missing.groups() if g), "") if missing else ""
        raise TemplateRefused([TemplateProblem(_paragraph(line), _line_text(texts, line), name,
                                               f"字段“{name}”不存在：请对照字段说明检查拼写。")]) from None
    except TemplateSyntaxError as error:
        raise TemplateRefused([_syntax_problem(error, texts)]) from None
    except Exception as error:  # noqa: BLE001 — any failure of a user's template is a refusal, not a crash
        line = _template_line(error)
        raise TemplateRefused([TemplateProblem(_paragraph(line), _line_text(texts, line), "",
                                               f"用本园区数据试填时出错：{error}")]) from None


def _template_line(error: Exception) -> int | None:
    """The template line a rendering error was raised on: Jinja puts the template in the traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None
