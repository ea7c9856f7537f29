from django.db import models


class Cycle(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    ONCE = "once", "一次性（按期限）"


class Light(models.TextChoices):
    """亮灯督办. The order here is the order of urgency on dashboards."""

    OVERDUE = "overdue", "逾期"
    BEHIND = "behind", "滞后"
    NOT_STARTED = "not_started", "未启动"
    ON_SCHEDULE = "on_schedule", "序时推进"
    DONE = "done", "已完成"


LIGHT_COLOURS = {
    Light.DONE: "green",
    Light.ON_SCHEDULE: "yellow",
    Light.BEHIND: "red",
    Light.NOT_STARTED: "grey",
    Light.OVERDUE: "darkred",
}


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    COOPERATING = "cooperating", "配合单位"


class LeaderRole(models.TextChoices):
    COUNTY = "county", "县政府责任领导"
    PARK = "park", "高新区责任领导"
    RESPONSIBLE = "owner", "责任人"  # the person in the unit who answers for the task


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", "达到（≥）"
    AT_MOST = "at_most", "不超过（≤）"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采纳"


class ReportAction(models.TextChoices):
    SUBMIT = "submit", "报送"
    RESUBMIT = "resubmit", "重新报送"
    RETURN = "return", "退回"
    ACCEPT = "accept", "采纳"
    IMPORT = "import", "导入"
