"""经济运行简报 (monthly): the economy of the park for 1-N月 as the committee's 工作总结 write it (seeds 001
and 002): the opening paragraph (规上工业企业N家，实现营业收入X亿元，同比增长Y%；…), the indicators, the
industries with the leading ones' share, the zones, the leading enterprises, and charts.

Every figure comes from economy.figures, the functions behind the dashboard and `parkops economy-summary`,
so the brief prints what they print; nothing is added up here. Growth in sentences is the 同口径 figure,
the statistics bureau's, as figures.opening_paragraph writes it; the indicator table shows both rates.
The industries, zones, enterprises and charts follow the indicator the leading share is of (主营业务收入
when the park reports it, otherwise 营业收入), so a table's shares add up to the share in the opening.
"""

from __future__ import annotations

from parkops.reports.builtin.economic_brief.context import build_context, title
from parkops.reports.builtin.economic_brief.template import default_template
from parkops.reports.builtin.economic_brief.workbook import build_xlsx
from parkops.reports.registry import FieldDoc, ReportType

# -- The type -----------------------------------------------------------------------------------------

GROWTH_FIELDS = (
    FieldDoc("trend", "增减用语", "同比增长 / 同比下降 / 与上年持平"),
    FieldDoc("growth", "增幅（不带符号，接在增减用语后）", "16.39%"),
    FieldDoc("yoy", "同比增速（带符号，表格用）", "-6.19%"),
)
INDICATOR_FIELDS = (
    FieldDoc("code", "指标代码", "revenue"),
    FieldDoc("name", "指标名称", "营业收入"),
    FieldDoc("sentence_name", "行文用名称", "实缴税收"),
    FieldDoc("amount", "累计数（年末人数等为期末数）", "606.38亿元"),
    FieldDoc("month", "当月数", "65.32亿元"),
    *GROWTH_FIELDS,
    FieldDoc("yoy_all", "同比增速（全部企业口径）", "14.90%"),
)
BREAKDOWN_FIELDS = (
    FieldDoc("name", "名称", "装备制造"),
    FieldDoc("industry", "行文用名称（产业链加“产业”）", "装备制造产业"),
    FieldDoc("leading", "是否主导产业"),
    FieldDoc("enterprises", "规上工业企业数", "92家"),
    FieldDoc("amount", "累计数", "280.17亿元"),
    FieldDoc("share", "占园区比重", "46.20%"),
    *GROWTH_FIELDS,
)
ENTERPRISE_FIELDS = (
    FieldDoc("rank", "排名", "1"),
    FieldDoc("name", "企业名称（有简称用简称）", "江西宏远汽配有限公司"),
    FieldDoc("amount", "累计数", "28.74亿元"),
    *GROWTH_FIELDS,
)
CHART_FIELDS = (FieldDoc("image", "图片"), FieldDoc("caption", "图题", "图1  2026年1-10月……"))


REPORT = ReportType(
    code="economic_brief",
    name="经济运行简报",
    description="园区规上工业企业1-N月经济运行情况：开篇按工作总结的写法（规上工业企业N家，实现营业收入X亿元，同比增长Y%），"
                "主要指标表，分产业、分园区情况，重点企业前十与后十，附趋势与构成图。数字与“经济运行”页面一致；"
                "同比为同口径。",
    build_context=build_context,
    default_template=default_template,
    build_xlsx=build_xlsx,
    title=title,
    fields=(
        FieldDoc("has_data", "该月是否有数据（无数据时只印 no_data 一句）"),
        FieldDoc("no_data", "无数据时的说明"),
        FieldDoc("label", "累计期间", "1-10月"),
        FieldDoc("period", "月份", "2026年10月"),
        FieldDoc("year", "年度", "2026"),
        FieldDoc("issue", "期数（月份）", "10"),
        FieldDoc("enterprises", "规上工业企业数", "237家"),
        FieldDoc("new_enterprises", "今年新入规企业数（无则为空）", "7家"),
        FieldDoc("opening", "开篇所列指标（营业收入、工业总产值、利润总额、实缴税收、研发投入中有数据者）",
                 children=INDICATOR_FIELDS),
        FieldDoc("others", "其余有数据的指标（主营业务收入、工业增加值、用电量……）", children=INDICATOR_FIELDS),
        FieldDoc("indicators", "全部有数据的指标（表1）", children=INDICATOR_FIELDS),
        FieldDoc("share_indicator", "分产业、分园区、重点企业所用指标", "主营业务收入"),
        FieldDoc("share_total", "该指标的园区合计（字段同 indicators）", children=INDICATOR_FIELDS),
        FieldDoc("leading_count", "主导产业数（中文）", "三"),
        FieldDoc("leading_share", "主导产业占比", "85.70%"),
        FieldDoc("targets", "年度目标及完成情况", children=(
            FieldDoc("name", "指标", "主营业务收入"), FieldDoc("target", "年度目标", "720.00亿元"),
            FieldDoc("completion", "目标完成率", "84.22%"), FieldDoc("target_growth", "目标增速", "15.00%"),
            FieldDoc("trend", "增减用语"), FieldDoc("growth", "实际增幅"),
        )),
        FieldDoc("chains", "各产业链（表2）", children=BREAKDOWN_FIELDS),
        FieldDoc("leading_chains", "主导产业链", children=BREAKDOWN_FIELDS),
        FieldDoc("other_chains", "其他产业链", children=BREAKDOWN_FIELDS),
        FieldDoc("zones", "各片区", children=BREAKDOWN_FIELDS),
        FieldDoc("top", "前十企业", children=ENTERPRISE_FIELDS),
        FieldDoc("declining", "前十企业中同比下降者", children=ENTERPRISE_FIELDS),
        FieldDoc("bottom", "后十企业", children=ENTERPRISE_FIELDS),
        FieldDoc("charts", "图表：trend 逐月累计与增速，chains 各产业链，shares 产业链占比（未能绘制时为空）", children=(
            FieldDoc("trend", "逐月累计值及同比增速", children=CHART_FIELDS),
            FieldDoc("chains", "各产业链", children=CHART_FIELDS),
            FieldDoc("shares", "各产业链占比", children=CHART_FIELDS),
        )),
        FieldDoc("close_note", "关账说明", "2026年10月已关账，以上为关账时的数据。"),
    ),
)
