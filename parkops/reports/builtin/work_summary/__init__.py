"""半年 / 年度工作总结 (seeds 001, 002, 003): the draft of the summary and the next period's plan.

The seeds share one skeleton: 一、…工作情况 with an area per （一）（二）…, 二、存在的问题, 三、…工作计划.
This report fills each area with what the system holds for the period (the figures, and the notable
items: projects started and completed, problems solved, tasks done) and leaves the prose to a person.
Where the system holds nothing (招商引资, 土地, 企业诉求 …) the heading stays with a 待补充 line, never a
zero: a zero would read as a fact.

The period: a month up to June gives the 上半年 (1-6月) summary; a later month the 1-N月 one, called 年度
in December. Everything is measured at the end of that range, or today while it runs (`as_of`).
"""

from __future__ import annotations

from parkops.reports.builtin.work_summary.context import build_context
from parkops.reports.builtin.work_summary.summary_range import title
from parkops.reports.builtin.work_summary.template import default_template
from parkops.reports.registry import FieldDoc, ReportType

# -- The fields -------------------------------------------------------------------------------------------

TASK_ITEM = (
    FieldDoc("plan", "督办计划", "2026年县《政府工作报告》目标任务"),
    FieldDoc("number", "任务序号", "21"),
    FieldDoc("text", "任务内容", "常态化开展闲置企业盘活，盘活土地350亩以上。"),
    FieldDoc("light", "亮灯", "滞后"),
    FieldDoc("reason", "亮灯理由", "1-10月完成200亩，为目标350亩的57.14%，序时进度83.33%，落后26.19个百分点"),
)

WORK_SUMMARY = ReportType(
    code="work_summary",
    name="工作总结（半年/年度）",
    description="半年、年度工作总结初稿，按园区历年总结的结构：一、工作情况，按经济运行、重点项目、"
                "目标任务督办等分项，填入本期数字和事项；二、存在的问题；三、下一步工作计划。"
                "所选月份在6月及以前为上半年总结，7月以后为1-N月总结，12月为年度总结。"
                "系统没有数据的分项保留标题并注明待补充，文字由起草人完成。",
    build_context=build_context,
    default_template=default_template,
    title=title,
    fields=(
        FieldDoc("park_short", "园区简称", "德安高新区"),
        FieldDoc("year", "年度", "2026"),
        FieldDoc("range_name", "总结期间", "2026年上半年 / 2026年 / 2026年1-10月"),
        FieldDoc("range_short", "句首的期间说法", "上半年 / 全年 / 1-10月"),
        FieldDoc("next_name", "计划期间", "2026年下半年 / 2027年 / 下一步"),
        FieldDoc("as_of", "数据截至日期", "2026年6月30日"),
        FieldDoc("economy", "经济运行（has_data 为否时本系统暂无数据）", children=(
            FieldDoc("has_data", "是否有经济运行数据"),
            FieldDoc("label", "统计期", "1-5月"),
            FieldDoc("enterprises", "规上工业企业数", "231家"),
            FieldDoc("new_enterprises", "今年新入规企业数（无则为空）", "5家"),
            FieldDoc("indicators", "各指标：name 名称、amount 累计值、growth_word 同比增长/同比下降/与上年持平"
                                   "（无上年数时为空）、growth 同口径增速、end 句末标点",
                     "营业收入 380.00亿元 同比增长 16.39%"),
            FieldDoc("targets", "有年度目标的指标：name、target 目标值、completion 完成率", "营业收入 720.00亿元 52.78%"),
            FieldDoc("leading_share", "主导产业占比：chains 主导产业数（汉字）、indicator 指标名、pct 占比（无则为空）",
                     "三 主营业务收入 87.83%"),
            FieldDoc("honours", "期间新获荣誉：name 称号、count 家数、enterprises 企业名单", "高新技术企业 3家"),
        )),
        FieldDoc("projects", "重点项目建设（has_data 为否时本系统暂无项目）", children=(
            FieldDoc("has_data", "是否有重点项目"),
            FieldDoc("total", "系统登记的重点项目数（含已停止调度的）", "53个"),
            FieldDoc("new_starts", "期间新开工项目数", "28个"),
            FieldDoc("completed", "期间竣工项目数", "13个"),
            FieldDoc("in_production", "期间投产项目数", "9个"),
            FieldDoc("under_construction", "截至日期在建项目数", "21个"),
            FieldDoc("investment", "投资：invested 完成投资、planned 年度计划投资、rate 完成率（无年度计划时为空）",
                     "6.00亿元 / 12.00亿元 / 50.00%"),
            FieldDoc("problems_raised", "期间收集困难问题数（系统未登记过困难问题时为空）", "210个"),
            FieldDoc("problems_solved", "期间解决困难问题数（同上）", "200个"),
            FieldDoc("meetings", "期间召开调度会次数（系统未登记过调度会时为空）", "24次"),
            FieldDoc("groups", "项目清单：title 新开工项目/竣工项目/投产项目、count 个数、verb 开工/竣工/投产、"
                               "projects（name 项目名称、enterprise 建设企业、date 日期）", "新开工项目 5个"),
            FieldDoc("solved", "解决的困难问题：project 项目、description 问题、resolution 办理结果、date 办结日期"),
        )),
        FieldDoc("supervision", "目标任务督办：当年在用的督办计划（has_data 为否时无计划）", children=(
            FieldDoc("has_data", "是否有当年督办计划"),
            FieldDoc("plans", "各计划：name、total 任务数、done 已完成、on_schedule 序时推进、behind 滞后、"
                              "overdue 逾期、not_started 未启动、done_tasks 已完成任务（各项同 issues.late_tasks）",
                     "2026年县《政府工作报告》目标任务 8项"),
        )),
        FieldDoc("issues", "存在的问题", children=(
            FieldDoc("late_count", "滞后、逾期任务数", "3项"),
            FieldDoc("late_tasks", "滞后、逾期任务：plan、number、text、light、reason", children=TASK_ITEM),
            FieldDoc("overdue_count", "逾期未办结困难问题数", "2个"),
            FieldDoc("overdue_problems", "逾期未办结困难问题：project、description、unit 责任单位、deadline 办结期限"),
            FieldDoc("red_count", "亮红灯项目数", "1个"),
            FieldDoc("red_projects", "亮红灯项目：name、reason 亮灯理由"),
        )),
        FieldDoc("next_steps", "下一步工作计划", children=(
            FieldDoc("open_count", "尚未完成的任务数", "6项"),
            FieldDoc("open_tasks", "尚未完成的任务：plan、number、text、light、reason", children=TASK_ITEM),
            FieldDoc("milestones", "各项目下一个节点：project 项目、name 节点、date 计划完成日期",
                     "乾照光电项目 主体封顶 2026年8月15日"),
        )),
    ),
)
