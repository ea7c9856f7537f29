"""Files the environment tests import: a monitoring sheet as .xlsx or .csv, a feedback list as .xlsx."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

MONITORING_HEADER = ["序号", "企业名称", "排放口", "监测因子", "监测值", "单位", "标准限值", "监测时间"]
# Three readings of a rain outlet on one morning; the lead is over its limit of 0.5 mg/L.
MONITORING_ROWS = [
    [1, "江西维科技术有限公司", "YS001 雨水排放口", "总铅", "0.82", "mg/L", "0.5", "2025-11-10 09:30"],
    [2, "江西维科技术有限公司", "YS001 雨水排放口", "总镉", "0.01", "mg/L", "0.05", "2025-11-10 09:30"],
    [3, "江西维科技术有限公司", "YS001 雨水排放口", "pH值", "7.4", "无量纲", "6～9", "2025-11-10 09:30"],
]


def xlsx(header, rows, *, title: str = "", name: str = "监测结果.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(header, rows, *, encoding: str = "utf-8-sig", name: str = "监测结果.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


FEEDBACK_HEADER = ["序号", "反馈问题", "整改目标", "整改措施", "责任单位", "整改时限", "整改进展"]
FEEDBACK_ROWS = [
    [1, "园区污水处理厂进水浓度偏低，部分企业雨污管网混接错接", "完成雨污分流改造", "排查企业雨污管网，改造混接错接点", "生态环境局",
     "2026年6月底前", "已排查管网12公里"],
    [2, "部分企业危险废物贮存不规范", "危险废物规范化管理达标率100%", "开展危废专项检查", "生态环境局", "立行立改", ""],
]
