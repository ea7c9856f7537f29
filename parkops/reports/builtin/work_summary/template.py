"""工作总结: the default template, the seeds' skeleton with a 待补充 line where the system holds nothing."""

from __future__ import annotations

from parkops.core import officedoc
from parkops.reports.templating import sources_appendix, tag_paragraph

# What the template prints where the system holds nothing for an area: the person fills it in.
PENDING = "（待补充：本系统暂无此项数据）"


# -- The template -------------------------------------------------------------------------------------


def _pending(document) -> None:
    officedoc.add_paragraph(document, PENDING)


def _items(document, loop: str, text: str, *, numbered: bool = True) -> None:
    """One paragraph for each item of a list, numbered 1. 2. … as the seeds number within an area."""
    tag_paragraph(document, f"for {loop}")
    officedoc.add_paragraph(document, ("{{ loop.index }}." if numbered else "") + text)
    tag_paragraph(document, "endfor")


def default_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "")
    officedoc.add_paragraph(
        document, "{{ year }}年以来，{{ park_short }}在县委、县政府的坚强领导下，……（待补充：总体情况综述）。"
                  "现将{{ range_name }}工作情况及{{ next_name }}工作计划汇报如下：")

    officedoc.add_heading(document, "一、{{ range_name }}工作情况", level=1)

    officedoc.add_heading(document, "（一）经济运行", level=2)
    tag_paragraph(document, "if economy.has_data")
    officedoc.add_paragraph(
        document,
        "{{ economy.label }}，园区规上工业企业{{ economy.enterprises }}"
        "{% if economy.new_enterprises %}（今年新入规{{ economy.new_enterprises }}）{% endif %}"
        "{% if economy.indicators %}，实现{% for i in economy.indicators %}{{ i.name }}{{ i.amount }}"
        "{% if i.growth_word %}，{{ i.growth_word }}{{ i.growth }}{% endif %}{{ i.end }}{% endfor %}{% else %}。{% endif %}"
        "{% if economy.leading_share %}{{ economy.leading_share.chains }}大主导产业"
        "{{ economy.leading_share.indicator }}占园区{{ economy.leading_share.indicator }}"
        "{{ economy.leading_share.pct }}。{% endif %}")
    # Sentences of the same section rather than a list: not numbered.
    _items(document, "t in economy.targets", "{{ t.name }}完成年度目标{{ t.target }}的{{ t.completion }}。",
           numbered=False)
    _items(document, "h in economy.honours", "新获认定{{ h.name }}{{ h.count }}：{{ h.enterprises }}。",
           numbered=False)
    officedoc.add_paragraph(document, "（待补充：产业集群、科技创新等方面的工作情况）")
    tag_paragraph(document, "else")
    _pending(document)
    tag_paragraph(document, "endif")

    officedoc.add_heading(document, "（二）重点项目建设", level=2)
    tag_paragraph(document, "if projects.has_data")
    officedoc.add_paragraph(
        document,
        "{{ range_short }}，园区新开工项目{{ projects.new_starts }}，竣工项目{{ projects.completed }}，"
        "投产项目{{ projects.in_production }}；截至{{ as_of }}，在建项目{{ projects.under_construction }}"
        "（系统共登记重点项目{{ projects.total }}）。"
        "{% if projects.investment %}{{ range_short }}重点项目完成投资{{ projects.investment.invested }}，"
        "占年度计划投资{{ projects.investment.planned }}的{{ projects.investment.rate }}。{% endif %}")
    tag_paragraph(document, "if projects.meetings or projects.problems_raised")
    officedoc.add_paragraph(
        document, "{{ range_short }}{% if projects.meetings %}召开项目调度会{{ projects.meetings }}"
                  "{% if projects.problems_raised %}，{% endif %}{% endif %}{% if projects.problems_raised %}"
                  "收集项目建设困难问题{{ projects.problems_raised }}，协调解决{{ projects.problems_solved }}"
                  "{% endif %}。")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "for g in projects.groups")
    officedoc.add_paragraph(document, "{{ g.title }}（{{ g.count }}）：")
    _items(document, "p in g.projects",
           "{{ p.name }}，{{ p.date }}{{ g.verb }}。")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "if projects.solved")
    officedoc.add_paragraph(document, "协调解决的困难问题：")
    _items(document, "p in projects.solved",
           "{{ p.project }}：{{ p.description }}{% if p.resolution %}（{{ p.resolution }}）{% endif %}，"
           "{{ p.date }}办结。")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "else")
    _pending(document)
    tag_paragraph(document, "endif")

    officedoc.add_heading(document, "（三）目标任务督办", level=2)
    tag_paragraph(document, "if supervision.has_data")
    tag_paragraph(document, "for plan in supervision.plans")
    officedoc.add_paragraph(
        document, "{{ plan.name }}共{{ plan.total }}，截至{{ as_of }}，已完成{{ plan.done }}，"
                  "序时推进{{ plan.on_schedule }}，滞后{{ plan.behind }}，逾期{{ plan.overdue }}，"
                  "未启动{{ plan.not_started }}。")
    tag_paragraph(document, "if plan.done_tasks")
    officedoc.add_paragraph(document, "已完成的任务：")
    _items(document, "t in plan.done_tasks", "第{{ t.number }}项：{{ t.text }}（{{ t.reason }}）")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "else")
    _pending(document)
    tag_paragraph(document, "endif")

    # Areas the system keeps no records of yet: the heading stays for the person to fill in.
    for heading in ("（四）招商引资", "（五）土地盘活与标准厂房", "（六）企业服务与诉求办理",
                    "（七）安全环保与平安建设", "（八）党的建设"):
        officedoc.add_heading(document, heading, level=2)
        _pending(document)

    officedoc.add_heading(document, "二、存在的问题", level=1)
    tag_paragraph(document, "if issues.late_tasks")
    officedoc.add_paragraph(document, "目标任务方面，截至{{ as_of }}，滞后、逾期的任务{{ issues.late_count }}：")
    _items(document, "t in issues.late_tasks",
           "{{ t.plan }}第{{ t.number }}项：{{ t.text }}（{{ t.light }}：{{ t.reason }}）")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if issues.overdue_problems")
    officedoc.add_paragraph(document, "项目建设方面，逾期未办结的困难问题{{ issues.overdue_count }}：")
    _items(document, "p in issues.overdue_problems",
           "{{ p.project }}：{{ p.description }}（{% if p.unit %}责任单位{{ p.unit }}，{% endif %}"
           "办结期限{{ p.deadline }}）")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if issues.red_projects")
    officedoc.add_paragraph(document, "亮红灯的重点项目{{ issues.red_count }}：")
    _items(document, "p in issues.red_projects", "{{ p.name }}：{{ p.reason }}。")
    tag_paragraph(document, "endif")
    officedoc.add_paragraph(document, "（待补充：其他方面存在的问题及原因分析）")

    officedoc.add_heading(document, "三、{{ next_name }}工作计划", level=1)
    officedoc.add_paragraph(document, "（待补充：{{ next_name }}工作的总体思路和目标）")
    tag_paragraph(document, "if next_steps.open_tasks")
    officedoc.add_paragraph(document, "继续推进尚未完成的目标任务{{ next_steps.open_count }}：")
    _items(document, "t in next_steps.open_tasks", "{{ t.plan }}第{{ t.number }}项：{{ t.text }}")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if next_steps.milestones")
    officedoc.add_paragraph(document, "重点项目的下一个节点：")
    _items(document, "m in next_steps.milestones", "{{ m.project }}：{{ m.name }}，计划{{ m.date }}完成。")
    tag_paragraph(document, "endif")
    officedoc.add_paragraph(document, "（待补充：招商引资、土地盘活、企业服务、安全环保、党的建设等方面的工作安排）")

    sources_appendix(document)
    return officedoc.to_bytes(document)
