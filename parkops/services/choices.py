from django.db import models


class Category(models.TextChoices):
    """诉求类别, as 政企直通车 platforms sort them."""

    LABOUR = "labour", "用工"
    FINANCE = "finance", "融资"
    LAND = "land", "用地"
    APPROVAL = "approval", "审批"
    UTILITIES = "utilities", "水电气"
    POLICY = "policy", "政策"
    DISPUTE = "dispute", "纠纷"
    OTHER = "other", "其他"


class Source(models.TextChoices):
    """Who put the request on the system."""

    ENTERPRISE = "enterprise", "企业提出"
    LIAISON = "liaison", "联络员代录"
    SUPERVISOR = "supervisor", "园区登记"
    LEDGER = "ledger", "台账导入"


class Status(models.TextChoices):
    """Where a request stands. 已答复 is a first reply on the way to 办结; a reopened request goes back to
    办理中 with a fresh clock."""

    SUBMITTED = "submitted", "待分派"
    ROUTED = "routed", "待受理"
    ACCEPTED = "accepted", "办理中"
    REPLIED = "replied", "已答复"
    RESOLVED = "resolved", "已办结"


OPEN_STATUSES = (Status.SUBMITTED, Status.ROUTED, Status.ACCEPTED, Status.REPLIED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class EventKind(models.TextChoices):
    FILED = "filed", "提出诉求"
    ROUTED = "routed", "分派"
    ACCEPTED = "accepted", "受理"
    REPLIED = "replied", "答复"
    EXTENDED = "extended", "延期"
    RESOLVED = "resolved", "办结"
    RATED = "rated", "评价"
    REOPENED = "reopened", "重新办理"
    TO_TASK = "to_task", "转督办"


class Light(models.TextChoices):
    """A request's light on the working-day clock (亮灯): the order is the order of urgency."""

    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "临期"
    ON_TIME = "on_time", "正常办理"
    DONE_LATE = "done_late", "超时办结"
    DONE = "done", "按时办结"


LIGHT_COLOURS = {
    Light.OVERDUE: "red",
    Light.DUE_SOON: "yellow",
    Light.ON_TIME: "green",
    Light.DONE_LATE: "yellow",
    Light.DONE: "green",
}
