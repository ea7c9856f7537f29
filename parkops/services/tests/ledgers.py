"""企业诉求台账 written from the seeds' wording (为209家企业办理事项306件, 办结286件; 园企之窗; 入企服务) in the
layouts parks keep: the committee's full 台账 with a title row; a 政企直通车 list with only the enterprise
and the problem; a town's Word table under other headers, with 贷款 for 融资 and 比较满意."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FULL_ROWS = (
    ("江西乾照光电有限公司", "二期厂房需增容一台2000千伏安变压器", "水电气", "2025-10-09", "工信局", "2025-10-31",
     "已协调供电公司完成增容", "2025-10-20", "满意"),
    ("德安精密模具有限公司", "申请“财园信贷通”贷款500万元，需补充担保材料", "融资", "2025-10-13", "工信局", "",
     "", "", ""),
    ("江西维科技术有限公司", "技改项目环评批复办理进度较慢", "审批", "2025-09-30", "生态环境局", "",
     "已开辟绿色通道，批复已出", "2025-10-28", "基本满意"),
    ("德安羊绒制品扩产有限公司", "企业扩产需新增用地约20亩", "用地", "2025-11-03", "自然资源局", "", "", "", ""),
    ("江西和首纺织有限公司", "与相邻企业就排水沟归属存在纠纷", "纠纷", "2025-10-15", "丰林镇", "",
     "已现场调解", "2025-10-24", "不满意"),
)


def _upload(book: Workbook, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def full(name: str = "企业诉求台账.xlsx") -> SimpleUploadedFile:
    """The committee's own: a title, every column of the export, dates as the cells hold them."""
    book = Workbook()
    sheet = book.active
    sheet.append(["德安高新区企业诉求办理台账"])
    sheet.append(["序号", "企业名称", "诉求内容", "类别", "提出时间", "承办单位", "办理时限", "办理结果", "办结时间", "满意度"])
    for number, row in enumerate(FULL_ROWS, start=1):
        sheet.append([number, *row])
    return _upload(book, name)


def minimal(name: str = "政企直通车诉求清单.xlsx") -> SimpleUploadedFile:
    """Only what is required, under other names: 企业 and 反映问题, and a contact."""
    book = Workbook()
    sheet = book.active
    sheet.append(["企业", "反映问题", "联系方式"])
    sheet.append(["江西乾照光电有限公司", "三季度订单增加，需招聘普工80人", "张经理 13800000000"])
    sheet.append(["德安精密模具有限公司", "厂区道路路灯损坏，夜间通行不便", ""])
    return _upload(book, name)


def town_word(name: str = "丰林镇入企服务问题清单.docx") -> SimpleUploadedFile:
    """A town's Word table: 诉求企业 / 诉求事项 / 问题类型 / 受理时间 / 责任单位 / 办理情况 / 办结日期 / 企业评价."""
    document = Document()
    document.add_paragraph("丰林镇入企服务问题清单")
    rows = (("诉求企业", "诉求事项", "问题类型", "受理时间", "责任单位", "办理情况", "办结日期", "企业评价"),
            ("江西和首纺织有限公司", "流动资金紧张，希望对接银行贷款", "贷款难", "2025年10月9日", "县金融办",
             "已对接两家银行", "2025.10.20", "比较满意"),
            ("江西维科技术有限公司", "员工子女入学", "其他", "2025年11月3日", "", "", "", ""))
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX)


def with_a_bad_date(name: str = "有误的台账.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "诉求内容", "提出时间", "满意度"])
    sheet.append(["江西乾照光电有限公司", "用电增容", "十月上旬", ""])
    sheet.append(["德安精密模具有限公司", "招工", "2025-10-09", "还行"])
    sheet.append(["", "没有企业名称的诉求", "", ""])
    return _upload(book, name)
