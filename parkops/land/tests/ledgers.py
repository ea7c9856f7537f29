"""The 低效闲置工业用地处置台账 written from the seeds' wording (13宗、面积536亩; 返租共管、依法回购、司法拍卖、
租赁转产、合作共建, 腾笼换鸟, 收储), in the layouts parks keep: the committee's own in 亩 with a 类型 column, and
a town's 闲置土地清理台账 in 平方米 with its parcels grouped under 闲置 / 低效 headings and other headers."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from parkops.land.demo import SEED_LEDGER
from parkops.land.models import SQM_PER_MU

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(book: Workbook, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def in_mu(name: str = "低效闲置工业用地处置台账.xlsx") -> SimpleUploadedFile:
    """The committee's ledger: a title, the columns of the 清闲促建 方案, areas in 亩, a 合计 row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "处置台账"
    sheet.append(["德安高新区低效闲置工业用地处置台账"])
    sheet.append(["序号", "原用地单位", "宗地位置", "面积（亩）", "类型", "形成原因", "处置方式", "处置进展", "责任单位",
                  "责任领导", "完成时限"])
    for number, line in enumerate(SEED_LEDGER, start=1):
        sheet.append([number, line.holder, line.location, float(line.mu), line.kind, line.cause, line.method,
                      line.progress, line.unit, line.leader, line.deadline])
    sheet.append(["合计", "13宗", "", 536, "", "", "", "", "", "", ""])
    return _upload(book, name)


def _sqm(mu: str) -> str:
    return f"{(Decimal(mu) * SQM_PER_MU).quantize(Decimal('0.01'))}"


def _deadline_dotted(text: str) -> str:
    """"2025年12月底" as a town writes it: "2025.12"."""
    year, month = text.removesuffix("月底").split("年")
    return f"{year}.{month}"


def _town_rows():
    yield ["一、闲置土地"]
    for line in SEED_LEDGER:
        if line.kind == "闲置":
            yield [line.holder, line.location, _sqm(line.mu), line.cause, line.method, line.progress, line.unit,
                   line.leader, _deadline_dotted(line.deadline)]
    yield ["二、低效用地"]
    for line in SEED_LEDGER:
        if line.kind == "低效":
            yield [line.holder, line.location, _sqm(line.mu), line.cause, line.method, line.progress, line.unit,
                   line.leader, _deadline_dotted(line.deadline)]


TOWN_HEADER = ["用地单位", "土地坐落", "面积（平方米）", "闲置低效原因", "盘活方式", "工作进展", "牵头单位", "挂点领导", "办结时限"]


def in_sqm(name: str = "闲置土地清理台账.xlsx") -> SimpleUploadedFile:
    """A town's 闲置土地清理台账: other headers, areas in 平方米, 闲置 and 低效 as headings, not a column."""
    book = Workbook()
    sheet = book.active
    sheet.append(["闲置土地清理台账"])
    sheet.append(["单位：平方米"])
    sheet.append(TOWN_HEADER)
    for row in _town_rows():
        sheet.append(row)
    return _upload(book, name)


def in_sqm_docx(name: str = "闲置土地清理台账.docx") -> SimpleUploadedFile:
    """The same, as the Word table a town sends."""
    document = Document()
    document.add_paragraph("闲置土地清理台账")
    rows = list(_town_rows())
    table = document.add_table(rows=1 + len(rows), cols=len(TOWN_HEADER))
    for index, text in enumerate(TOWN_HEADER):
        table.rows[0].cells[index].text = text
    for position, row in enumerate(rows, start=1):
        cells = table.rows[position].cells
        if len(row) == 1:
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
            continue
        for index, text in enumerate(row):
            cells[index].text = str(text)
    buffer = BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX)
