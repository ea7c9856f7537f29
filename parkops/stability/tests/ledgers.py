"""信访件 ledgers written from the seeds' wording (处理信访部门、政府热线、五型政府、治理中心、群众来访等平台移送的
信访案件; “12345”热线、民声通道、市长信箱), in the layouts parks keep: the committee's 信访件办理台账 with a title
and its own headers, and the 12345 hotline's 工单 export with the platform's headers."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# 编号, 来源, 受理时间, 反映人, 联系电话, 反映问题, 类别, 承办单位, 办理时限, 办结时间, 办理结果, 回访满意度
COMMITTEE_ROWS = (
    ("XF-2025-001", "信访部门转办", "2025-09-01", "王伟", "13712345678", "反映江西和首纺织有限公司拖欠农民工工资",
     "信访", "高新区", "", "2025-09-20", "已督促企业足额支付", "满意"),
    ("XF-2025-002", "五型政府", "2025年9月5日", "李娜", "13898765432", "反映征地补偿款未足额发放", "信访", "丰林镇",
     "", "", "", ""),
    ("XF-2025-003", "群众来访", "2025.9.30", "王伟", "13712345678", "再次反映企业拖欠工资未兑现", "投诉", "高新区", "",
     "", "", ""),
    ("", "治理中心", "2025/9/12", "", "", "反映企业废气异味影响周边居民", "投诉", "生态环境局", "2025-10-10",
     "2025-10-09", "已责令企业整改并复测达标", "基本满意"),
)

# 工单编号, 来电时间, 来电人, 来电号码, 诉求内容, 诉求类型, 承办部门, 限办时间, 办结日期, 回复内容, 满意度, 渠道
HOTLINE_ROWS = (
    ("GD20250930001", "2025-09-30 09:12:00", "赵敏", "13600001111", "咨询入园企业厂房租赁政策", "咨询", "高新区", "",
     "2025-10-09", "已电话答复租赁政策", "满意", "12345热线"),
    ("GD20250930002", "2025-09-30 15:40:00", "孙强", "13500002222", "投诉园区道路路灯损坏夜间通行不便", "投诉", "城管局",
     "", "", "", "", "市长信箱"),
    ("GD20251009003", "2025-10-09 10:05:00", "周杰", "", "建议增设园区公交站点", "建议", "住建局", "", "", "", "",
     "民声通道"),
)


def _upload(book: Workbook, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def committee(name: str = "信访件办理台账.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["德安高新区信访件办理台账"])
    sheet.append(["序号", "编号", "来源", "受理时间", "反映人", "联系电话", "反映问题", "类别", "承办单位", "办理时限",
                  "办结时间", "办理结果", "回访满意度"])
    for number, row in enumerate(COMMITTEE_ROWS, start=1):
        sheet.append([number, *row])
    return _upload(book, name)


def hotline(name: str = "12345热线工单.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["工单编号", "来电时间", "来电人", "来电号码", "诉求内容", "诉求类型", "承办部门", "限办时间", "办结日期",
                  "回复内容", "满意度", "渠道"])
    for row in HOTLINE_ROWS:
        sheet.append(list(row))
    return _upload(book, name)


def content_only(name: str = "来信登记.xlsx") -> SimpleUploadedFile:
    """Only the one column required."""
    book = Workbook()
    book.active.append(["反映问题"])
    book.active.append(["反映园区企业夜间施工噪音扰民"])
    return _upload(book, name)
