"""隐患排查整改台账 written from the seeds' wording (大排查大整治; 九小场所; 均下达了限期整改责任书), in the layouts
parks keep: the committee's own ledger with every column (序号, 企业名称, 排查时间, 隐患部位, 隐患描述, 隐患等级, 整改措施,
整改时限, 责任人, 整改情况, 复查人), and a town's 大排查大整治隐患清单 with other headers (单位名称, 检查日期, 存在问题,
隐患类别, 整改要求, 完成时限, 整改责任人, 整改落实情况, 是否销号, 验收人), heading rows and months for dates."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (企业名称, 排查时间, 隐患部位, 隐患描述, 隐患等级, 整改措施, 整改时限, 责任人, 整改情况, 复查人)
COMMITTEE_ROWS = (
    ("江西和首纺织有限公司", "2025-09-03", "纺纱车间", "消防通道被成品布匹占用", "一般", "腾空消防通道", "2025-09-13", "张建国",
     "已整改，通道已清理", "李督办"),
    ("德安金鑫铸造有限公司", "2025-09-05", "熔炼车间", "中频炉冷却水系统未设置温度、压力监测报警装置", "重大", "加装监测报警装置",
     "2025-10-31", "刘海波", "正在采购设备", ""),
    ("九江宏发陶瓷有限公司", "2025-09-05", "抛光车间", "除尘器设在车间内，未采取泄爆措施", "重大隐患", "除尘器移至室外并泄爆",
     "2025-11-30", "陈立新", "", ""),
    ("德安县聚福楼餐馆", "2025-09-08", "后厨", "液化石油气钢瓶未安装泄漏报警装置", "一般", "安装燃气泄漏报警装置",
     "2025-09-18", "王志强", "已整改到位", ""),
    ("江西亿达包装有限公司", "2025-09-10", "印刷车间", "车间内违规存放超量油墨、稀释剂", "一般", "超量部分移至专用仓库", "", "",
     "", ""),
)


def _upload(book: Workbook, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def committee(name: str = "隐患排查整改台账.xlsx", rows=COMMITTEE_ROWS) -> SimpleUploadedFile:
    """The committee's ledger: a title row, every column, one row a hazard."""
    book = Workbook()
    sheet = book.active
    sheet.title = "隐患台账"
    sheet.append(["德安高新区安全生产大排查大整治隐患排查整改台账"])
    sheet.append(["序号", "企业名称", "排查时间", "隐患部位", "隐患描述", "隐患等级", "整改措施", "整改时限", "责任人", "整改情况",
                  "复查人"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    return _upload(book, name)


def town(name: str = "大排查大整治隐患清单.xlsx") -> SimpleUploadedFile:
    """A town's list: other headers, the enterprises and the 九小场所 under headings, months for deadlines,
    a 是否销号 column, a 合计 row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["丰林镇安全生产大排查大整治隐患清单"])
    sheet.append(["填报单位：丰林镇", "", "", "", "", "", "", "", "", ""])
    sheet.append(["序号", "单位名称", "地址", "检查日期", "存在问题", "隐患类别", "整改要求", "完成时限", "整改责任人", "整改落实情况",
                  "是否销号", "验收人"])
    sheet.append(["一、生产经营单位"])
    sheet.append([1, "江西永安电力设备有限公司", "丰林镇工业小区", "2025年9月12日", "喷涂车间电气设备不防爆", "一般隐患",
                  "更换为防爆电气设备", "2025年10月底", "周红", "已整改", "是", "陈安"])
    sheet.append([2, "江西天瑞新材料有限公司", "新材料产业园", "2025.9.12", "污水池有限空间作业未配备气体检测仪", "重大隐患",
                  "配备气体检测仪", "2025年11月底", "吴强", "正在整改", "否", ""])
    sheet.append(["二、九小场所"])
    sheet.append([3, "丰林镇兴旺汽修店", "丰林镇中街8号", "2025-09-15", "维修车间内违规进行喷漆作业", "一般", "停止车间内喷漆",
                  "2025.9.30", "店主 李兴旺", "", "否", ""])
    sheet.append(["合计", "3处", "", "", "", "", "", "", "", "", "", ""])
    return _upload(book, name)


def only_required(name: str = "隐患清单.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "隐患描述"])
    sheet.append(["德安华盛木业有限公司", "锯切设备防护罩缺失"])
    return _upload(book, name)
