import django_tables2 as tables

from parkops.supervision.models import Plan


class NamesColumn(tables.Column):
    """Several leaders or units in one cell, one per line, as the ledgers print them."""

    def __init__(self, *args, narrow_hidden: bool = False, **kwargs):
        css = "cell-lines hide-sm" if narrow_hidden else "cell-lines"
        attrs = {"td": {"class": css}, "th": {"class": "hide-sm" if narrow_hidden else ""}}
        super().__init__(*args, orderable=False, attrs=attrs, **kwargs)

    def render(self, value):
        return "\n".join(str(item) for item in value)

    def value(self, value):
        return self.render(value)


class PlanTable(tables.Table):
    name = tables.Column(linkify=("supervision:plan_detail", {"pk": tables.A("pk")}))
    task_count = tables.Column(verbose_name="任务数")

    class Meta:
        model = Plan
        fields = ["name", "year", "cycle", "due_day", "task_count", "is_active"]


class TaskTable(tables.Table):
    """Tasks with their computed light; the rows are a list, so sorting happens in Python."""

    number = tables.Column(verbose_name="序号", linkify=("supervision:task_detail", {"pk": tables.A("pk")}),
                           order_by=("plan_id", "position"), attrs={"th": {"class": "text-nowrap"}})
    # Kept on a phone's cards: two plans may each have a 9号, and the number alone does not say which.
    plan = tables.Column(verbose_name="计划", accessor="plan__label", order_by=("plan__year", "plan__name"),
                         attrs={"td": {"class": "task-plan"}})
    text = tables.Column(verbose_name="重点工作", attrs={"td": {"class": "task-text"}})
    county_leaders = NamesColumn(verbose_name="县政府责任领导", narrow_hidden=True)
    lead_units = NamesColumn(verbose_name="牵头单位")
    cooperating_units = NamesColumn(verbose_name="配合单位", narrow_hidden=True)
    park_leaders = NamesColumn(verbose_name="高新区责任领导", narrow_hidden=True)
    light = tables.TemplateColumn(template_name="supervision/light_cell.html", verbose_name="灯色",
                                  order_by=("light__urgency",))
    light_reason = tables.Column(verbose_name="亮灯原因", accessor="light__reason", orderable=False,
                                 attrs={"td": {"class": "small text-muted hide-sm"}, "th": {"class": "hide-sm"}})

    class Meta:
        export_exclude = ()
        attrs = {"class": "table table-sm table-hover align-top"}

    def value_light(self, record):
        return record.light.label
