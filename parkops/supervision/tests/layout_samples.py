"""Three ledgers in the layouts parks keep besides the 一览表, worded after the seeds (观摩台账 of seed 004,
the 环保督察反馈问题整改 of seed 001, the “清闲促建” 专项行动 of seed 002), built as Word and Excel files."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import docx
from openpyxl import Workbook

from parkops.core.imports import open_path
from parkops.supervision.importers import LedgerImporter
from parkops.supervision.models import Plan, Task
from parkops.supervision.tests.ledgers import write


@dataclass(frozen=True)
class LayoutSample:
    name: str
    kind: str  # "docx" or "xlsx"
    title: str
    date_line: str
    header: list[str]
    rows: list  # a row: list of cell texts, or a string for a heading across the table

    def content(self) -> bytes:
        return _docx(self) if self.kind == "docx" else _xlsx(self)

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.kind}"


INSPECTION = LayoutSample(
    name="观摩台账", kind="docx",
    title="2025年产业集聚区观摩台账任务进展情况表", date_line="日期：2025年11月20日",
    header=["序号", "工作任务", "完成时限", "责任单位", "责任人", "进展情况", "备注"],
    rows=[
        ["1", "完成愚公南路、五号路风光互补路灯安装及调试工作。", "11月25日前", "住建局", "李明",
         "路灯基础已浇筑完成，灯杆进场。", "观摩线路"],
        ["2", "按黄河大道绿化标准对二号路两侧25米绿化带进行提升。", "11月25日前", "城管局", "王刚", "", ""],
        ["3", "综合服务区项目围墙施工完毕，地质勘探、文物勘探完成，桩基开工。", "年底前", "高新区",
         "张伟\n赵磊", "围墙完成80%。", "需自然资源局配合"],
        ["4", "贝迪空调项目现场做好厂区绿化及保洁工作。", "长期坚持", "高新区", "赵磊", "已安排专人保洁。", ""],
    ],
)

ENVIRONMENT = LayoutSample(
    name="环保督察反馈问题整改台账", kind="xlsx",
    title="2024年中央生态环境保护督察反馈问题整改台账", date_line="日期：2024年12月5日",
    header=["序号", "督察组反馈问题", "整改目标", "整改措施", "整改责任单位", "责任人", "整改时限", "整改进展"],
    rows=[
        "一、大气污染防治",
        ["1", "园区部分企业挥发性有机物无组织排放问题突出。", "排放稳定达标", "逐企开展VOCs治理，安装在线监测。",
         "生态环境局", "孙丽", "2024年12月31日", "已完成12家企业治理。"],
        ["2", "建筑工地扬尘管控不到位。", "扬尘管控“六个百分百”", "落实工地围挡、洒水、覆盖。", "住建局",
         "周强", "立行立改，长期坚持", "已开展专项检查3次。"],
        "二、水污染防治",
        ["3", "污水处理厂进水浓度偏低，管网存在混接错接。", "进水COD浓度提高到200mg/L", "排查雨污管网，完成混接改造。",
         "城管局", "吴军", "三季度末", "完成管网排查15公里。"],
        ["4", "工业集聚区污水集中处理设施提标改造滞后。", "出水达到一级A标准", "实施提标改造工程。", "高新区",
         "陈明昊", "2025年6月底前", "设计方案已批复。"],
    ],
)

IDLE_LAND = LayoutSample(
    name="清闲促建专项行动台账", kind="xlsx",
    title="2026年工业用地“清闲促建”专项行动任务台账", date_line="日期：2026年7月6日",
    header=["序号", "问题清单", "整改措施", "牵头单位", "配合单位", "责任人", "完成时间", "推进情况", "备注"],
    rows=[
        ["1", "低效闲置工业用地13宗、面积536亩尚未盘活。", "返租共管、依法回购、司法拍卖等方式分类处置。",
         "自然资源局", "高新区\n司法局", "徐舒笠", "6月底前", "已处置5宗、面积210亩。", "清闲促建"],
        ["2", "福得来家具等企业资产转让后未开工。", "督促受让企业办理施工许可。", "高新区", "住建局", "廖国峰",
         "上半年", "2家已开工。", ""],
        ["3", "部分厂房空置率高。", "引进中小企业入驻。", "商务局", "", "伍星", "9月30日", "", ""],
        ["4", "盘活土地指标使用计划未定。", "研究确定年度指标使用计划。", "自然资源局", "发改委", "徐舒笠",
         "视上级政策确定", "正在对接。", ""],
    ],
)

LAYOUTS = (INSPECTION, ENVIRONMENT, IDLE_LAND)


def _docx(sample: LayoutSample) -> bytes:
    document = docx.Document()
    document.add_paragraph(sample.title)
    document.add_paragraph(sample.date_line)
    table = document.add_table(rows=0, cols=len(sample.header))
    for values in [sample.header, *sample.rows]:
        row = table.add_row()
        if isinstance(values, str):
            row.cells[0].merge(row.cells[-1]).text = values
            continue
        for cell, value in zip(row.cells, values, strict=True):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(sample: LayoutSample) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([sample.title])
    sheet.append([sample.date_line])
    sheet.append(sample.header)
    for values in sample.rows:
        if isinstance(values, str):
            sheet.append([values])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                              end_column=len(sample.header))
        else:
            sheet.append(values)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

# A ledger with a column the system cannot guess (督导领导: the park leader who follows the task up),
# for mapping by hand.
WITH_SUPERVISING_LEADER = LayoutSample(
    name="观摩问题整改台账", kind="xlsx",
    title="2026年观摩问题整改台账", date_line="日期：2026年11月30日",
    header=["序号", "工作任务", "完成时限", "责任单位", "责任人", "进展情况", "督导领导", "整改措施"],
    rows=[
        ["1", "观摩线路沿线中昊示范基地外立面整治。", "11月25日前", "住建局", "李明", "外立面整治已完成。",
         "王晓君", "拆除违规广告牌，统一外立面色调。"],
        ["2", "综合服务区项目地质勘探、文物勘探完成。", "12月底前", "高新区", "张伟", "勘探进场。",
         "涂志峰", "倒排工期，昼夜施工。"],
    ],
)


def sample_path(tmp_path, sample: LayoutSample):
    return write(tmp_path, sample.filename, sample.content())


def import_sample(tmp_path, sample: LayoutSample, *, plan: str | None = None, **options):
    importer = LedgerImporter(plan_name=plan or sample.name, **options)
    with open_path(sample_path(tmp_path, sample)) as file:
        preview = importer.preview(file)
    importer.commit(preview)
    return preview, Plan.objects.get(name=plan or sample.name)


def tasks_as_written(plan: Plan) -> list[dict]:
    """What a ledger of any layout says about each task: what must survive an export and re-import."""
    rows = []
    for task in Task.objects.filter(plan=plan).with_listing_data().order_by("position"):
        reports = task.accepted_reports()
        rows.append({
            "number": task.number, "text": task.text, "section": task.section.heading if task.section else None,
            "lead": [u.name for u in task.lead_units], "cooperating": [u.name for u in task.cooperating_units],
            "responsible": [(p.name, p.unit.name if p.unit else None) for p in task.responsible_people],
            "park_leaders": [p.name for p in task.park_leaders],
            "deadline": task.deadline, "deadline_text": task.deadline_text,
            "progress": reports[0].text if reports else None, "extra": task.extra,
        })
    return rows
