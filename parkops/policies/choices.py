from django.db import models


class Mode(models.TextChoices):
    """How a policy reaches the enterprises: 免申即享 (the park finds them from its data and pays without an
    application), 快申快享 (a short application, reviewed within days), 申报制 (an application with materials)."""

    EXEMPT = "exempt", "免申即享"
    FAST = "fast", "快申快享"
    APPLY = "apply", "申报制"


class AmountKind(models.TextChoices):
    FIXED = "fixed", "定额奖补"
    RATE = "rate", "按比例奖补"


class Field(models.TextChoices):
    """What a clause's condition may ask of an enterprise: only figures the system holds (economy's
    registry and statistics, key projects' investment), each read through their selectors."""

    SCALE = "scale", "规上工业企业"
    NEW_SCALE = "new_scale", "本年新入规"
    CHAIN = "chain", "产业链"
    HONOUR = "honour", "荣誉称号"
    PERMU_CLASS = "permu_class", "亩均评价类别"
    REVENUE = "revenue", "营业收入（本年累计，万元）"
    REVENUE_GROWTH = "revenue_growth", "营业收入同比增长（%）"
    TAX = "tax", "税收（本年累计，万元）"
    RND = "rnd", "研发投入（本年累计，万元）"
    RND_RATIO = "rnd_ratio", "研发投入占营业收入比重（%）"
    PROJECT_INVESTED = "project_invested", "重点项目累计完成投资（万元）"


class Operator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    IN = "in", "属于"
    HAS = "has", "具有"
    YES = "yes", "是"
    NO = "no", "否"


class Status(models.TextChoices):
    """Where a cash-out stands. 免申即享 starts at 待兑现 (the park confirmed the match); an application
    starts at 待审核."""

    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "待兑现"
    REJECTED = "rejected", "未通过"
    PAID = "paid", "已兑现"


class Source(models.TextChoices):
    MATCHED = "matched", "免申即享（数据比对）"
    ENTERPRISE = "enterprise", "企业申请"
    PARK = "park", "园区代录"
    LEDGER = "ledger", "台账导入"


class Light(models.TextChoices):
    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "临期"
    ON_TIME = "on_time", "正常办理"
    DONE_LATE = "done_late", "超时兑现"
    DONE = "done", "按时兑现"
    CLOSED = "closed", "未通过"


LIGHT_COLOURS = {
    Light.OVERDUE: "red",
    Light.DUE_SOON: "yellow",
    Light.ON_TIME: "green",
    Light.DONE_LATE: "yellow",
    Light.DONE: "green",
    Light.CLOSED: "grey",
}
