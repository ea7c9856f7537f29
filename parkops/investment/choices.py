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
