"""经济运行简报: every figure it prints is the figure `parkops economy-summary` gives for the same month,
its opening reads like the committee's 工作总结, its charts are pictures in the document, and it comes
through LibreOffice as an A4 PDF with page numbers.

The park is the figures tests' generated one (economy_data): two years of twelve enterprises entering and
leaving 规上, one without a chain or a zone, one missing a month."""

from __future__ import annotations

import copy
import json
import logging
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from openpyxl import load_workbook
from PIL import Image

from parkops.economy import figures
from parkops.economy.models import Indicator, IndicatorTarget
from parkops.economy.tests.economy_data import build, generate, month
from parkops.reports import charts, engine, pdf, registry, validation
from parkops.reports.registry import ReportRequest
from parkops.reports.services import generate_report
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

PERIOD = month(2025, 10)
CHAINS = ("装备制造", "有色金属", "电子信息", "纺织服装")
ZONES = ("北区", "南区")


@pytest.fixture
def economy(park):
    build(park, generate())
    IndicatorTarget.objects.create(park=park, year=2025, indicator=Indicator.objects.get(code="revenue"),
                                   amount=Decimal("150000"), growth_pct=Decimal("12.00"))
    return park


@pytest.fixture
def no_pdf(monkeypatch):
    """Reports drawn up without their PDF: LibreOffice is tried once, in the test that is about it."""
    def unavailable(docx: bytes, **kwargs) -> bytes:
        raise pdf.PdfUnavailable("测试中不生成 PDF")

    monkeypatch.setattr(pdf, "docx_to_pdf", unavailable)


def summary_json(*args: str) -> dict:
    out = StringIO()
    call_command("economy_summary", "--period", f"{PERIOD:%Y-%m}", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def brief(park) -> Document:
    report = generate_report("economic_brief", park=park, period=PERIOD)
    return Document(BytesIO(bytes(report.docx)))


# Figures as the committee prints them, worked out here from the JSON's 万元 and percentages.

def yi(wan: str) -> str:
    """Money as the brief prints it: 亿元 to two places from a 亿 up, 万元 below."""
    amount = Decimal(wan).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(amount) < 10000:
        return f"{format(amount.normalize(), 'f')}万元"
    return f"{(amount / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}亿元"


def pct(text: str | None) -> str:
    return "—" if text is None else f"{text}%"


def growth(text: str) -> str:
    value = Decimal(text)
    return "与上年持平" if value == 0 else f"同比{'增长' if value > 0 else '下降'}{abs(value)}%"


def paragraphs(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def after(document: Document, heading: str) -> str:
    texts = paragraphs(document)
    return texts[texts.index(heading) + 1]


def table_rows(document: Document, first_header: str) -> dict[str, list[str]]:
    """The rows of the table whose header starts with `first_header`, keyed by their first cell."""
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_header)
    return {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows[1:]}


# -- The done-when test ---------------------------------------------------------------------------------


def test_every_figure_the_brief_prints_equals_economy_summary(economy, no_pdf):
    document = brief(economy)
    park = summary_json()
    text = "\n".join(paragraphs(document))

    # The opening: enterprises, new entrants, each indicator's amount and 同口径 growth, the leading share.
    opening = after(document, "一、总体情况")
    assert opening.startswith(f"1-10月，园区规上工业企业{park['enterprises']}家（今年新入规{park['new_enterprises']}家），")
    assert park["new_enterprises"] == 2
    for code, name in (("revenue", "营业收入"), ("profit", "利润总额"), ("tax", "实缴税收")):
        data = park["indicators"][code]
        assert f"{name}{yi(data['cumulative'])}，{growth(data['yoy_same_basis_pct'])}" in opening, code
    assert opening.endswith(f"三大主导产业营业收入占园区营业收入{park['leading_share_pct']}%。")

    # 表1: every indicator the park reports, cumulative, month and both growth rates.
    indicators = table_rows(document, "指标")
    for code, data in park["indicators"].items():
        if data["cumulative"] is None:
            assert data["name"] not in indicators
            continue
        if code == "employees":
            assert indicators["从业人员（10月末）"][0] == f"{Decimal(data['cumulative']):.0f}人"
            assert indicators["从业人员（10月末）"][2:] == [pct(data["yoy_same_basis_pct"]), pct(data["yoy_pct"])]
            continue
        assert indicators[data["name"]] == [yi(data["cumulative"]), yi(data["month"]), pct(data["yoy_same_basis_pct"]),
                                            pct(data["yoy_pct"])], code
    assert set(indicators) == {"营业收入", "利润总额", "税收", "从业人员（10月末）"}

    # The target and its completion.
    revenue = park["indicators"]["revenue"]
    assert revenue["yoy_pct"] != revenue["yoy_same_basis_pct"]  # so the sentences' choice of rate is checked
    assert (f"营业收入：年度目标15.00亿元，1-10月完成{revenue['completion_pct']}%；年度目标增长"
            f"{revenue['target_growth_pct']}%，1-10月{growth(revenue['yoy_same_basis_pct'])}。") in text

    # 表2 and the industries' sentences: each chain as `economy-summary --chain` gives it.
    chains = table_rows(document, "产业链")
    for name in CHAINS:
        data = summary_json("--chain", name)
        amount = data["indicators"]["revenue"]["cumulative"]
        share = (Decimal(amount) / Decimal(revenue["cumulative"]) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        leading = "否" if name == "纺织服装" else "是"
        same_basis = data["indicators"]["revenue"]["yoy_same_basis_pct"]
        assert chains[name] == [leading, f"{data['enterprises']}家", yi(amount), pct(same_basis), f"{share}%"], name
        assert (f"{name}产业规上工业企业{data['enterprises']}家，实现营业收入{yi(amount)}，{growth(same_basis)}，"
                f"占园区{share}%") in text, name
    assert chains["合计"] == ["—", f"{park['enterprises']}家", yi(revenue["cumulative"]),
                            pct(revenue["yoy_same_basis_pct"]), "100.00%"]
    assert "未填写产业链" in chains  # 宏达新材 has no chain: in the table, so the rows add up

    # The zones, as `economy-summary --zone` gives them.
    zones = after(document, "三、分园区情况")
    for name in ZONES:
        data = summary_json("--zone", name)
        amount = data["indicators"]["revenue"]["cumulative"]
        assert (f"{name}规上工业企业{data['enterprises']}家，实现营业收入{yi(amount)}，"
                f"{growth(data['indicators']['revenue']['yoy_same_basis_pct'])}") in zones, name


def test_each_printed_figure_says_what_it_is_and_links_to_its_records(economy):
    report_type = registry.get("economic_brief")
    context = engine.build_context(report_type, ReportRequest(park=economy, period=PERIOD))
    rendered = engine.render(report_type.default_template(), context)

    assert len(rendered.figures) > 40
    for figure in rendered.figures:
        assert figure.label and figure.definition and figure.source, figure
        assert figure.url.startswith("/economy/"), figure
    urls = {figure.label: figure.url for figure in rendered.figures}
    assert "chain=" in urls["装备制造产业规上工业企业数"] and "scale=yes" in urls["装备制造产业规上工业企业数"]
    assert "period=2025-10" in urls["园区规上工业企业营业收入（1-10月）"]
    appendix = table_rows(Document(BytesIO(rendered.docx)), "序号")
    assert len(appendix) == len(rendered.figures)


def test_the_built_in_template_passes_the_upload_check_and_every_field_is_documented(economy):
    """What users download, edit in WPS and upload again is checked as any upload is; the type's page
    documents every field the context offers."""
    report_type = registry.get("economic_brief")
    context = engine.build_context(report_type, ReportRequest(park=economy, period=PERIOD))

    validation.check_template(report_type, report_type.default_template(), trial_context=context)
    assert set(context) <= report_type.field_names


# -- The phrasing -----------------------------------------------------------------------------------------


def test_the_opening_is_the_sentence_the_work_summaries_open_with(economy, no_pdf):
    document = brief(economy)

    summary = figures.economy_summary(park=economy, period=PERIOD)
    assert paragraphs(document)[3] == "1-10月园区经济运行情况"
    assert after(document, "一、总体情况") == figures.opening_paragraph(summary)
    assert after(document, "二、分产业情况").startswith("分产业看，三大主导产业中，有色金属产业规上工业企业3家，实现营业收入")
    assert "其他产业中，纺织服装产业规上工业企业" in "\n".join(paragraphs(document))
    assert "2025年10月尚未关账" in "\n".join(paragraphs(document))


def test_the_brief_has_its_red_header_and_is_signed_by_the_committee(economy, no_pdf):
    document = brief(economy)
    organ, issue, edited = document.paragraphs[:3]

    assert organ.text == f"{economy.short_name}经济运行简报"
    assert str(organ.runs[0].font.color.rgb) == "FF0000"
    assert issue.text == "2025年第10期"
    today = timezone.localdate()
    assert edited.text == f"{economy.short_name}管委会编\t{today.year}年{today.month}月{today.day}日"
    assert edited._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    texts = paragraphs(document)
    signed = texts.index(f"{economy.short_name}管委会")
    assert texts[signed + 1] == f"{today.year}年{today.month}月{today.day}日"
    assert economy.name not in texts[signed - 1:signed + 2]


def test_a_month_without_figures_says_so_instead_of_printing_zeros(economy, no_pdf):
    report = generate_report("economic_brief", park=economy, period=month(2026, 3))
    texts = paragraphs(Document(BytesIO(bytes(report.docx))))

    assert "2026年3月尚无规上工业企业报送的经济运行数据（最近有数据的月份为2025年12月）。" in texts
    assert "一、总体情况" not in texts


# -- The charts -------------------------------------------------------------------------------------------


def test_the_charts_are_pictures_in_the_document_and_the_preview(economy, no_pdf):
    report = generate_report("economic_brief", park=economy, period=PERIOD)
    docx = bytes(report.docx)

    with zipfile.ZipFile(BytesIO(docx)) as package:
        pictures = [package.read(name) for name in package.namelist() if name.startswith("word/media/")]
    assert len(pictures) == 3
    for picture in pictures:
        image = Image.open(BytesIO(picture))
        assert image.format == "PNG" and round(image.info["dpi"][0]) == charts.DPI
    document = Document(BytesIO(docx))
    assert len(document.inline_shapes) == 3
    assert all(shape.width.mm <= 150.5 for shape in document.inline_shapes)  # inside the 156mm text block
    captions = [t for t in paragraphs(document) if t.startswith("图")]
    assert captions == ["图1  2025年1-10月园区规上工业企业营业收入累计值及同比增速",
                        "图2  1-10月各产业链营业收入（深色为主导产业）", "图3  1-10月各产业链营业收入占比"]

    report_type = registry.get("economic_brief")
    context = engine.build_context(report_type, ReportRequest(park=economy, period=PERIOD))
    preview = engine.preview(report_type.default_template(), context)
    assert preview.html.count('<img class="img-fluid') == 3
    assert "图2  1-10月各产业链营业收入" in preview.html


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_a_server_without_a_chinese_font_still_draws_and_says_why(monkeypatch, caplog):
    assert charts.cjk_family() is not None  # this machine has one: the charts above are in Chinese
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("没有这种字体",))
    charts.cjk_family.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="parkops.reports.charts"):
            chart = charts.bar_chart(["装备制造"], [1.5], ["1.50亿元"], value_label="营业收入（亿元）", caption="图1")
    finally:
        charts.cjk_family.cache_clear()

    assert chart.png.startswith(b"\x89PNG") and chart.caption == "图1"
    assert "没有找到中文字体" in caplog.text


def test_a_chinese_font_installed_after_matplotlibs_cache_was_written_is_found(monkeypatch):
    # `make run` on a fresh machine writes matplotlib's font cache before `make test` installs the fonts.
    stale = copy.copy(font_manager.fontManager)
    stale.ttflist = [entry for entry in stale.ttflist if entry.name not in charts.CJK_FAMILIES]
    stale._findfont_cached.cache_clear()
    monkeypatch.setattr(font_manager, "fontManager", stale)
    charts.cjk_family.cache_clear()
    try:
        family = charts.cjk_family()
        font = font_manager.get_font(stale.findfont(FontProperties(family=family), fallback_to_default=False))
    finally:
        charts.cjk_family.cache_clear()

    assert family in charts.CJK_FAMILIES
    assert all(font.get_char_index(ord(character)) for character in "园区营业收入同比增长")  # glyphs, not boxes


# -- The workbook and the PDF -----------------------------------------------------------------------------


def test_the_workbook_holds_the_indicator_chain_and_zone_tables(economy):
    content = registry.get("economic_brief").build_xlsx(ReportRequest(park=economy, period=PERIOD))
    book = load_workbook(BytesIO(content))
    park = summary_json()

    assert book.sheetnames == ["主要指标", "分产业", "分园区"]
    indicators = {row[0]: row for row in book["主要指标"].iter_rows(min_row=4, values_only=True)}
    revenue = park["indicators"]["revenue"]
    assert f"{Decimal(str(indicators['营业收入'][2])):.2f}亿元" == yi(revenue["cumulative"])
    assert f"{Decimal(str(indicators['营业收入'][4])):.2f}" == revenue["yoy_same_basis_pct"]
    chains = {row[0]: row for row in book["分产业"].iter_rows(min_row=4, values_only=True)}
    assert chains["装备制造"][2] == summary_json("--chain", "装备制造")["enterprises"]
    assert book["分产业"]["A1"].value == "2025年1-10月" + str(economy) + "经济运行简报（分产业）"


def test_libreoffice_prints_it_on_a4_with_the_title_the_revenue_and_page_numbers(economy, no_pdf, tmp_path):
    report = generate_report("economic_brief", park=economy, period=PERIOD)
    source = tmp_path / "经济运行简报.docx"
    source.write_bytes(bytes(report.docx))

    [printed] = render_pdf(tmp_path, source)

    text = pdf_text(printed)
    pages, size = pdf_pages(printed)
    assert f"{economy.short_name}经济运行简报" in text and "1-10月园区经济运行情况" in text
    assert f"实现营业收入{yi(summary_json()['indicators']['revenue']['cumulative'])}" in text
    assert "—1—" in text and "—2—" in text
    assert size == (595, 842) and pages >= 3
