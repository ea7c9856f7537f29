from django.db import models


class Stage(models.TextChoices):
    """An investment project's life, in order (终止 apart): comparing positions in this list is how
    "has it been signed?" is asked."""

    LEAD = "lead", "线索"
    NEGOTIATING = "negotiating", "在谈"
    SIGNED = "signed", "签约"
    REGISTERED = "registered", "注册"
    STARTED = "started", "开工"
    IN_PRODUCTION = "in_production", "投产"
    TERMINATED = "terminated", "终止"

    @classmethod
    def rank(cls, stage: str) -> int:
        return cls.values.index(stage)


# The stages a project moves through, in order; 终止 may follow any of them but the last.
PIPELINE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.IN_PRODUCTION]


class CapitalSource(models.TextChoices):
    DOMESTIC = "domestic", "内资"
    FOREIGN = "foreign", "外资"


class ActivityKind(models.TextChoices):
    VISIT = "visit", "外出考察"
    FAIR = "fair", "招商推介会"
    VIA_ENTERPRISE = "via_enterprise", "以商招商"
    VIA_CHAMBER = "via_chamber", "商会招商"
    RESIDENT = "resident", "驻点招商"


class ReviewKind(models.TextChoices):
    """入园联审's two kinds of meeting (seed 001: 工业项目入园联审会议, 租用厂房项目联审会议)."""

    LAND = "land", "工业用地项目"
    FACTORY = "factory", "租赁厂房项目"


class Opinion(models.TextChoices):
    """A member department's opinion on a project under review."""

    AGREE = "agree", "同意"
    CONDITIONAL = "conditional", "有条件同意"
    DISAGREE = "disagree", "不同意"


class Decision(models.TextChoices):
    """What a 联审 meeting decides of a project; 通过 and 附条件通过 let it in."""

    PASSED = "passed", "通过"
    CONDITIONAL = "conditional", "附条件通过"
    DEFERRED = "deferred", "暂缓"
    REJECTED = "rejected", "不通过"


ADMITTED = (Decision.PASSED, Decision.CONDITIONAL)


class Outcome(models.TextChoices):
    """How a project stands against one entry criterion (investment.review)."""

    PASS = "pass", "符合"
    SHORT = "short", "差距较小，可附条件"
    FAIL = "fail", "不符合"
    VETO = "veto", "一票否决"
    MISSING = "missing", "缺少资料"
    NOT_APPLICABLE = "na", "不适用"
