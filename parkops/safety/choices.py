from django.db import models


class PlaceKind(models.TextChoices):
    """What an inspection looked at: an enterprise of the registry, or a 九小场所 (small shops, eateries,
    workshops …) known only by its name and address."""

    ENTERPRISE = "enterprise", "企业"
    SMALL_PLACE = "small_place", "九小场所"


class Level(models.TextChoices):
    GENERAL = "general", "一般隐患"
    MAJOR = "major", "重大隐患"


class MajorCategory(models.TextChoices):
    """The parts of 《工贸企业重大事故隐患判定标准》 (应急管理部令第10号, 2023): the general management items
    (第三条), the eight industries (第四条至第十一条) and the special ones (粉尘爆炸, 液氨制冷, 有限空间,
    第十二条至第十四条). A 重大 hazard is judged under one of them."""

    MANAGEMENT = "management", "安全管理（第三条）"
    METALLURGY = "metallurgy", "冶金企业（第四条）"
    NONFERROUS = "nonferrous", "有色企业（第五条）"
    BUILDING_MATERIALS = "building_materials", "建材企业（第六条）"
    MACHINERY = "machinery", "机械企业（第七条）"
    LIGHT_INDUSTRY = "light_industry", "轻工企业（第八条）"
    TEXTILE = "textile", "纺织企业（第九条）"
    TOBACCO = "tobacco", "烟草企业（第十条）"
    COMMERCE = "commerce", "商贸企业（第十一条）"
    DUST = "dust", "存在粉尘爆炸危险的（第十二条）"
    AMMONIA = "ammonia", "使用液氨制冷的（第十三条）"
    CONFINED_SPACE = "confined_space", "存在硫化氢、一氧化碳等中毒风险有限空间作业的（第十四条）"


class Status(models.TextChoices):
    """The closed loop: 登记 → 下达整改 → 整改中 → 已整改待复查 → 复查通过（关闭）; 复查不通过 goes back to
    整改中."""

    REGISTERED = "registered", "已登记"
    ISSUED = "issued", "已下达整改"
    RECTIFYING = "rectifying", "整改中"
    AWAITING_RECHECK = "awaiting_recheck", "已整改待复查"
    CLOSED = "closed", "复查通过已关闭"


OPEN_STATUSES = (Status.REGISTERED, Status.ISSUED, Status.RECTIFYING, Status.AWAITING_RECHECK)
# The enterprise owes the rectification while the hazard is in these: its deadline runs.
RUNNING_STATUSES = (Status.ISSUED, Status.RECTIFYING)


class Step(models.TextChoices):
    """A step of the loop, as the hazard's record lists it."""

    REGISTER = "register", "登记隐患"
    ISSUE = "issue", "下达整改"
    START = "start", "开始整改"
    REPORT = "report", "报告已整改"
    RECHECK_PASS = "recheck_pass", "复查通过"
    RECHECK_FAIL = "recheck_fail", "复查不通过"
    LIST = "list", "挂牌督办"
    ESCALATE = "escalate", "逾期升级"


class PhotoStage(models.TextChoices):
    BEFORE = "before", "整改前"
    AFTER = "after", "整改后"


class Light(models.TextChoices):
    """A hazard's light, on supervision's scale."""

    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "临期"
    ON_TIME = "on_time", "按期整改"
    AWAITING = "awaiting", "待复查"
    NOT_ISSUED = "not_issued", "未下达"
    CLOSED = "closed", "已销号"


LIGHT_COLOURS = {
    Light.OVERDUE: "darkred",
    Light.DUE_SOON: "red",
    Light.ON_TIME: "yellow",
    Light.AWAITING: "yellow",
    Light.NOT_ISSUED: "grey",
    Light.CLOSED: "green",
}


class Escalation(models.IntegerChoices):
    """Who an overdue hazard has reached: the supervisor (督办员), and for a 重大 hazard 挂牌督办."""

    NONE = 0, "未升级"
    SUPERVISOR = 1, "已报督办员"


class TrainingKind(models.TextChoices):
    """新入园企业安全培训 (the seeds: 在项目入园前，开展企业法人安全培训并考试) and the staff's."""

    NEW_ENTRANT = "new_entrant", "新入园企业安全培训"
    STAFF = "staff", "企业从业人员安全培训"


class TraineeRole(models.TextChoices):
    LEGAL_PERSON = "legal_person", "法定代表人"
    PRINCIPAL = "principal", "主要负责人"
    SAFETY_OFFICER = "safety_officer", "安全管理人员"
    STAFF = "staff", "从业人员"
