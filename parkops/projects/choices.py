from django.db import models


class ProjectKind(models.TextChoices):
    INDUSTRIAL = "industrial", "产业项目"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    STANDARD_FACTORY = "standard_factory", "标准厂房"
    LIVELIHOOD = "livelihood", "社会民生"


class ProjectLevel(models.TextChoices):
    PROVINCE = "province", "省重点"
    CITY = "city", "市重点"
    COUNTY = "county", "县重点"


class Stage(models.TextChoices):
    """A project's life, in order: comparing positions in this list is how "has it started?" is asked."""

    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    LAND_SUPPLIED = "land_supplied", "供地"
    STARTED = "started", "开工"
    UNDER_CONSTRUCTION = "under_construction", "在建"
    COMPLETED = "completed", "竣工"
    EQUIPMENT_INSTALLATION = "equipment_installation", "设备安装调试"
    TRIAL_PRODUCTION = "trial_production", "试生产"
    IN_PRODUCTION = "in_production", "投产"

    @classmethod
    def rank(cls, stage: str) -> int:
        return cls.values.index(stage)


class ProblemCategory(models.TextChoices):
    LAND = "land", "土地"
    FUNDING = "funding", "资金"
    APPROVAL = "approval", "审批"
    UTILITIES = "utilities", "水电气"
    RELOCATION = "relocation", "征迁"
    LABOUR = "labour", "用工"
    OTHER = "other", "其他"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待办"
    IN_PROGRESS = "in_progress", "办理中"
    SOLVED = "solved", "已解决"
    UNSOLVABLE = "unsolvable", "无法解决"


OPEN_PROBLEM_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


class ProblemSource(models.TextChoices):
    LIAISON = "liaison", "驻企联络员"
    ENTERPRISE = "enterprise", "企业"
    LEADER = "leader", "挂点领导"
    MEETING = "meeting", "调度会"


class Escalation(models.IntegerChoices):
    """Who an overdue problem has reached: first the project's leader, then the supervisor."""

    NONE = 0, "未升级"
    LEADER = 1, "已报挂点领导"
    SUPERVISOR = 2, "已报督办员"


class ProjectLight(models.TextChoices):
    """The project lights, most urgent first."""

    RED = "red", "红灯"
    YELLOW = "yellow", "黄灯"
    GREEN = "green", "绿灯"
    GREY = "grey", "未开始"
