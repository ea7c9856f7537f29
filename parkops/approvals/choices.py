from django.db import models


class Mode(models.TextChoices):
    """How the park exercises a devolved power (the seeds' words): some documents it issues itself, some
    it reviews and seals and the county department seals on sight of its seal (见章签章), and the newly
    devolved ones move from being handled together with the department (协同办) to on its own (独立办)."""

    DIRECT = "direct", "园区直接出具"
    SEAL = "seal", "审查签章+见章签章"
    JOINT = "joint", "协同办"
    INDEPENDENT = "independent", "独立办"


class CaseStatus(models.TextChoices):
    OPEN = "open", "办理中"
    DONE = "done", "已办结"


class StepStatus(models.TextChoices):
    """A step waits for the steps before it (串联); once started its clock runs, stops while the
    enterprise supplies missing materials (补正), and ends when the department has done its part."""

    WAITING = "waiting", "待启动"
    RUNNING = "running", "办理中"
    PAUSED = "paused", "补正中"
    DONE = "done", "已办结"


OPEN_STEP_STATUSES = (StepStatus.RUNNING, StepStatus.PAUSED)


class EventKind(models.TextChoices):
    OPENED = "opened", "受理申请"
    STARTED = "started", "环节启动"
    PAUSED = "paused", "要求补正"
    RESUMED = "resumed", "补正完成"
    STEP_DONE = "step_done", "环节办结"
    CLOSED = "closed", "办结出件"


class Light(models.TextChoices):
    """The light of a step or a case on its working-day clock (亮灯), in the order of urgency."""

    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "临期"
    PAUSED = "paused", "补正中"
    ON_TIME = "on_time", "正常办理"
    WAITING = "waiting", "待启动"
    DONE_LATE = "done_late", "超时办结"
    DONE = "done", "按时办结"


LIGHT_COLOURS = {
    Light.OVERDUE: "red",
    Light.DUE_SOON: "yellow",
    Light.PAUSED: "grey",
    Light.ON_TIME: "green",
    Light.WAITING: "grey",
    Light.DONE_LATE: "yellow",
    Light.DONE: "green",
}
