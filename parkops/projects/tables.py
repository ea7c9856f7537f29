import django_tables2 as tables

from parkops.core.formatting import format_money, format_pct


class YiColumn(tables.Column):
    """Money kept in 万元, shown and exported in 亿元 as the reports print it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs={"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}},
                         **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return format_money(value)


class ProjectTable(tables.Table):
    """Projects with their investment figures (row.figures, from selectors.investment_figures); the rows
    are a list, so sorting happens in Python."""

    name = tables.Column(verbose_name="项目名称", linkify=("projects:project_detail", {"pk": tables.A("pk")}))
    enterprise_name = tables.Column(verbose_name="建设企业", attrs={"td": {"class": "hide-sm"},
                                                                  "th": {"class": "hide-sm"}})
    kind = tables.Column(verbose_name="类别", accessor="get_kind_display", order_by=("kind",),
                         attrs={"td": {"class": "hide-sm text-nowrap"}, "th": {"class": "hide-sm"}})
    stage = tables.Column(verbose_name="阶段", accessor="get_stage_display", order_by=("stage_rank",),
                          attrs={"td": {"class": "text-nowrap"}})
    total_investment = YiColumn(verbose_name="总投资")
    planned = YiColumn(verbose_name="年度计划", accessor="figures__planned_this_year")
    invested = YiColumn(verbose_name="本年完成", accessor="figures__invested_this_year")
    rate = tables.Column(verbose_name="完成率", accessor="figures__completion_rate",
                         attrs={"td": {"class": "text-end"}})
    light = tables.TemplateColumn(template_name="supervision/light_cell.html", verbose_name="灯色",
                                  order_by=("light__urgency",))
    light_reason = tables.Column(verbose_name="亮灯原因", accessor="light__reason", orderable=False,
                                 attrs={"td": {"class": "small text-muted hide-sm"}, "th": {"class": "hide-sm"}})
    leader = tables.Column(verbose_name="挂点领导", attrs={"td": {"class": "hide-sm text-nowrap"},
                                                          "th": {"class": "hide-sm text-nowrap"}})
    responsible_unit = tables.Column(verbose_name="责任单位", attrs={"td": {"class": "hide-sm text-nowrap"},
                                                                   "th": {"class": "hide-sm text-nowrap"}})

    class Meta:
        export_exclude = ()
        attrs = {"class": "table table-sm table-hover align-top"}

    def value_light(self, record):
        return record.light.label

    def render_rate(self, value):
        return format_pct(value)

    def value_rate(self, value):
        return format_pct(value)


class ProblemTable(tables.Table):
    """Every problem of the projects a person may see, most pressing first (open, then by deadline)."""

    project = tables.Column(verbose_name="项目", linkify=("projects:project_detail", {"pk": tables.A("project_id")}))
    category = tables.Column(verbose_name="类别", accessor="get_category_display", order_by=("category",),
                             attrs={"td": {"class": "text-nowrap"}})
    description = tables.Column(verbose_name="问题描述", attrs={"td": {"class": "task-text"}})
    responsible_unit = tables.Column(verbose_name="责任单位", default="—", attrs={"td": {"class": "text-nowrap"}})
    leader = tables.Column(verbose_name="责任领导", default="—", attrs={"td": {"class": "hide-sm text-nowrap"},
                                                                    "th": {"class": "hide-sm"}})
    raised_on = tables.DateColumn(verbose_name="提出日期", format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    deadline = tables.DateColumn(verbose_name="办结期限", format="Y-m-d", default="—",
                                 attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name="状态", accessor="get_status_display", order_by=("status",),
                           attrs={"td": {"class": "text-nowrap"}})
    escalation = tables.Column(verbose_name="升级", accessor="get_escalation_display", order_by=("escalation",),
                               attrs={"td": {"class": "hide-sm text-nowrap"}, "th": {"class": "hide-sm"}})

    class Meta:
        export_exclude = ()
        attrs = {"class": "table table-sm table-hover align-top"}
