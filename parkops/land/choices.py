from django.db import models


class UseStatus(models.TextChoices):
    """A parcel's use as the rule finds it (land.rules). The order here is the order of urgency."""

    IDLE = "idle", "闲置"
    SUSPECTED_IDLE = "suspected_idle", "疑似闲置"
    INEFFICIENT = "inefficient", "低效"
    LATE_COMPLETION = "late_completion", "逾期竣工"
    LATE_START = "late_start", "逾期开工"
    NORMAL = "normal", "正常"


USE_STATUS_COLOURS = {
    UseStatus.IDLE: "darkred",
    UseStatus.SUSPECTED_IDLE: "red",
    UseStatus.INEFFICIENT: "red",
    UseStatus.LATE_COMPLETION: "yellow",
    UseStatus.LATE_START: "yellow",
    UseStatus.NORMAL: "green",
}


class LandUse(models.TextChoices):
    INDUSTRIAL = "industrial", "工业用地"
    WAREHOUSE = "warehouse", "仓储用地"
    COMMERCIAL = "commercial", "商服用地"
    OTHER = "other", "其他"


class SupplyMethod(models.TextChoices):
    """供地方式."""

    TRANSFER = "transfer", "出让"
    ALLOCATION = "allocation", "划拨"
    LEASE = "lease", "租赁"


class SupplyState(models.TextChoices):
    """Where approved or supplied land stands (land.rules.supply_state): the two figures 批而未供、供而未用."""

    APPROVED_UNSUPPLIED = "approved_unsupplied", "批而未供"
    SUPPLIED_UNUSED = "supplied_unused", "供而未用"


class LedgerKind(models.TextChoices):
    """What the park's 处置台账 calls the parcel (类型): its own finding, kept beside the rule's."""

    IDLE = "idle", "闲置"
    INEFFICIENT = "inefficient", "低效"


# The ways the seeds name (返租共管、依法回购、司法拍卖、租赁转产、合作共建; 腾笼换鸟; 收储/收回): every park
# has them, and may add its own (DisposalMethod rows), so a method is a row, these its first ones.
BUILTIN_METHODS = ("返租共管", "依法回购", "司法拍卖", "租赁转产", "合作共建", "腾笼换鸟", "收回")


class CaseLight(models.TextChoices):
    """A disposal case's light, on supervision's scale (亮灯督办)."""

    OVERDUE = "overdue", "逾期"
    BEHIND = "behind", "滞后"
    NOT_STARTED = "not_started", "未启动"
    ON_SCHEDULE = "on_schedule", "序时推进"
    DONE = "done", "已完成"


# The lights a case is chased for: on the 今日待办 of those responsible, and told each day by the worker.
CHASED_CASE_LIGHTS = (CaseLight.OVERDUE, CaseLight.BEHIND)

CASE_LIGHT_COLOURS = {
    CaseLight.DONE: "green",
    CaseLight.ON_SCHEDULE: "yellow",
    CaseLight.BEHIND: "red",
    CaseLight.NOT_STARTED: "grey",
    CaseLight.OVERDUE: "darkred",
}
