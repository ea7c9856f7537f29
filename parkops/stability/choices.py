from django.db import models


class Source(models.TextChoices):
    """Where a case came from: the platforms the seeds name (信访部门、政府热线、五型政府、治理中心、群众来访;
    “12345”热线、民声通道、市长信箱)."""

    PETITION_OFFICE = "petition_office", "信访部门转办"
    HOTLINE = "hotline", "12345热线"
    FIVE_TYPE = "five_type", "五型政府"
    GOVERNANCE = "governance", "治理中心"
    VISIT = "visit", "群众来访"
    MAYOR_MAILBOX = "mayor_mailbox", "市长信箱"
    PEOPLES_VOICE = "peoples_voice", "民声通道"


class CaseKind(models.TextChoices):
    """A case's type, which sets its clock (rules.due_on)."""

    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    SUGGESTION = "suggestion", "建议"
    COMPLAINT = "complaint", "投诉"
    PETITION = "petition", "信访"
    EMERGENCY = "emergency", "应急"


class CaseStatus(models.TextChoices):
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复待回访"
    CLOSED = "closed", "已办结"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    UNREACHABLE = "unreachable", "未能联系"


class CaseLight(models.TextChoices):
    """A case's light, on supervision's scale (亮灯督办)."""

    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "临期"
    ON_TIME = "on_time", "办理中"
    CLOSED_LATE = "closed_late", "超期办结"
    DONE = "done", "按期办结"


CASE_LIGHT_COLOURS = {
    CaseLight.OVERDUE: "red",
    CaseLight.DUE_SOON: "yellow",
    CaseLight.ON_TIME: "green",
    CaseLight.CLOSED_LATE: "yellow",
    CaseLight.DONE: "green",
}


class Escalation(models.IntegerChoices):
    """How far an overdue case has gone: the committee's supervisor first, then the case's leader (包案领导)."""

    NONE = 0, "未升级"
    SUPERVISOR = 1, "报督办员"
    LEADER = 2, "报包案领导"


class DisputeKind(models.TextChoices):
    LABOUR = "labour", "劳资纠纷"
    CONTRACT = "contract", "合同经济纠纷"
    LAND = "land", "征地拆迁纠纷"
    NEIGHBOUR = "neighbour", "邻里纠纷"
    ENVIRONMENT = "environment", "环境纠纷"
    OTHER = "other", "其他"


class MediationResult(models.TextChoices):
    MEDIATING = "mediating", "调解中"
    RESOLVED = "resolved", "调解成功"
    FAILED = "failed", "调解不成"
    REFERRED = "referred", "移交处理"


class PartyForm(models.TextChoices):
    """How an enterprise is covered (两个覆盖): its own branch, a joint branch, or an instructor sent in."""

    NONE = "none", "未覆盖"
    SINGLE = "single", "单建"
    JOINT = "joint", "联合"
    INSTRUCTOR = "instructor", "派驻党建指导员"
