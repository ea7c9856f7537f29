"""招商引资项目台账 in the three layouts parks keep, written as the seeds word them (seed 002: 招引入驻
园区各类产业项目25个、总投资额246.5亿元; 20个左右的项目跟踪洽谈; seed 003: 实际利用外资)."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(book: Workbook, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def word_stages(name: str = "招商引资项目台账.xlsx") -> SimpleUploadedFile:
    """One sheet, the stage as a phrase, 总投资 in 亿元, a 合计 row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "项目台账"
    sheet.append(["德安高新区2025年招商引资项目台账"])
    sheet.append(["日期：2025年6月30日"])
    sheet.append(["序号", "项目名称", "投资方", "总投资（亿元）", "产业链", "进展情况", "责任单位"])
    sheet.append([1, "年产5000吨高端铜箔项目", "江西铜博科技有限公司", 12.5, "有色金属", "已签约，计划年底开工", "商务局"])
    sheet.append([2, "智能装备产业园项目", "浙江中控技术股份有限公司", 8, "装备制造", "在谈", "高新区"])
    sheet.append([3, "功能性面料项目", "福建七匹狼集团", 3.2, "纺织服装", "洽谈中，已赴企业考察2次", "商务局"])
    sheet.append([4, "锂电池隔膜项目", "星源材质", 20, "新能源电池", "终止：投资方调整战略布局", "高新区"])
    sheet.append(["", "合计", "", 43.7, "", "", ""])
    return _upload(book, name)


def two_sheets(name: str = "2025年内外资招商项目.xlsx") -> SimpleUploadedFile:
    """A 内资 sheet in 万元 and a 外资 sheet in 万美元 with the rate used."""
    book = Workbook()
    domestic = book.active
    domestic.title = "内资项目"
    domestic.append(["序号", "项目名称", "投资方", "来源地", "总投资（万元）", "阶段", "招商单位", "跟踪责任人"])
    domestic.append([1, "新型显示模组项目", "深圳一维山科技有限公司", "广东省深圳市", 150000, "线索", "商务局", "涂志峰"])
    domestic.append([2, "高性能纱线项目", "江苏华艺集团", "江苏省无锡市", "2.6亿元", "在谈", "丰林镇", "廖国峰"])
    domestic.append(["合计", "", "", "", 176000, "", "", ""])
    foreign = book.create_sheet("外资项目")
    foreign.append(["序号", "项目名称", "投资方", "国别（地区）", "总投资（万美元）", "汇率", "阶段", "招商单位"])
    foreign.append([1, "精密模具项目", "新加坡丰源精密私人有限公司", "新加坡", 3000, 7.1, "已签约", "商务局"])
    foreign.append([2, "光学膜材项目", "香港新辉控股有限公司", "中国香港", 1200, 7.1, "在谈", "商务局"])
    return _upload(book, name)


def stage_columns(name: str = "招商项目推进表.xlsx", *, credit_code: str = "") -> SimpleUploadedFile:
    """A column per stage, each holding the day it was reached."""
    book = Workbook()
    sheet = book.active
    sheet.title = "推进表"
    sheet.append(["招商项目推进情况表"])
    sheet.append(["项目名称", "投资方", "总投资（万元）", "产业链", "招商单位", "统一社会信用代码",
                  "线索", "在谈", "签约", "注册", "开工", "投产"])
    sheet.append(["高端装备零部件项目", "宁波拓普集团", 60000, "装备制造", "高新区", credit_code,
                  "2025-01-06", "2025-02-10", "2025-03-18", "2025-04-20" if credit_code else "", "", ""])
    sheet.append(["有色金属精深加工项目", "江西铜业", 35000, "有色金属", "商务局", "",
                  "2025-02-01", "2025-03-05", "", "", "", ""])
    sheet.append(["合计", "", 95000, "", "", "", "", "", "", "", "", ""])
    return _upload(book, name)
