"""赋权清单 in the layouts parks keep, written from the seeds' wording (13项审批权限; 规划设计条件、红线图由园区
直接出具; 《建设用地规划许可证》《建筑工程施工许可证》园区审查签章后“见章签章”; 新下放11项由“协同办”转为“独立办”,
如城镇污水排入排水管网许可和建筑工程安全监督备案): the committee's full list with a title row; a county's
short list under other headers, with 即办 and numbers as cells; a Word table."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FULL_HEADER = ["序号", "事项名称", "实施依据", "原实施部门", "办理方式", "法定时限", "承诺时限", "申请材料", "备注"]
FULL_ROWS = (
    (1, "规划设计条件核定", "《中华人民共和国城乡规划法》第三十八条", "自然资源局", "园区直接出具", "20个工作日", "5个工作日",
     "申请表\n土地出让合同", ""),
    (2, "建设用地规划许可证核发", "《中华人民共和国城乡规划法》第三十七条", "自然资源局", "园区审查签章后见章签章", "20个工作日",
     "7个工作日", "申请表；规划设计条件", ""),
    (3, "城镇污水排入排水管网许可", "《城镇排水与污水处理条例》第二十一条", "城管局", "协同办", "20个工作日", "10个工作日",
     "申请书\n排水管网图\n水质检测报告", "新下放事项"),
    (4, "建筑工程安全监督备案", "《建设工程安全生产管理条例》第十条", "住建局", "独立办", "5", "即办", "备案表", "新下放事项"),
)


def _upload(book: Workbook, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def full(name: str = "高新区赋权清单.xlsx", rows=FULL_ROWS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["德安高新区赋权事项清单（44项）"])
    sheet.append(FULL_HEADER)
    for row in rows:
        sheet.append(list(row))
    sheet.append(["合计", "4项"])
    return _upload(book, name)


def short(name: str = "下放事项目录.xlsx") -> SimpleUploadedFile:
    """A county's own layout: other headers, no 实施依据, numbers as number cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "权力事项名称", "下放部门", "行使方式", "法定办结时限", "承诺办结时限", "材料清单"])
    sheet.append([1, "建设工程消防验收备案", "住建局", "协同", 15, 10, "备案表；竣工图纸"])
    sheet.append([2, "企业投资项目备案", "发改委", "独立", 5, 2, "项目备案申请表"])
    sheet.append([3, "临时占用城市道路许可", "城管局", "", 20, "", ""])
    return _upload(book, name)


def word(name: str = "赋权清单.docx") -> SimpleUploadedFile:
    document = Document()
    document.add_paragraph("高新区赋权事项目录")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "赋权事项", "原实施单位"), strict=True):
        cell.text = text
    for number, power, unit in ((1, "施工图审查意见出具", "住建局"), (2, "户外广告设施设置审批", "城管局")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(number), power, unit
    buffer = BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX)


def bad(name: str = "有错的清单.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["事项名称", "办理方式", "法定时限", "承诺时限"])
    sheet.append(["规划设计条件核定", "园区直接出具", "20", "5"])
    sheet.append(["建设工程规划许可证核发", "委托办理", "20", "30"])
    sheet.append(["临时占用城市道路许可", "协同办", "二十天", ""])
    return _upload(book, name)
