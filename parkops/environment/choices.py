from django.db import models


class InspectionLevel(models.TextChoices):
    """Who sent the feedback: the central, provincial or city 生态环境保护督察."""

    CENTRAL = "central", "中央环保督察"
    PROVINCIAL = "provincial", "省环保督察"
    CITY = "city", "市环保督察"


class FeedbackStatus(models.TextChoices):
    """The 销号 flow: 整改中 → 申请销号 (with evidence) → 验收 → 销号; a failed 验收 or a 回头看 that finds
    the problem back sends it to 整改中 again."""

    RECTIFYING = "rectifying", "整改中"
    APPLIED = "applied", "已申请销号待验收"
    ACCEPTED = "accepted", "已验收待销号"
    CLOSED = "closed", "已销号"


OPEN_FEEDBACK = (FeedbackStatus.RECTIFYING, FeedbackStatus.APPLIED, FeedbackStatus.ACCEPTED)


class FeedbackStep(models.TextChoices):
    REGISTER = "register", "登记问题"
    APPLY = "apply", "申请销号"
    ACCEPT = "accept", "验收通过"
    REJECT = "reject", "验收不通过"
    CLOSE = "close", "销号"
    REVIEW_OK = "review_ok", "回头看：整改成效巩固"
    REOPEN = "reopen", "回头看：问题反弹，重新整改"
    SCHEDULE = "schedule", "安排回头看"


class ReviewResult(models.TextChoices):
    CONSOLIDATED = "consolidated", "整改成效巩固"
    REBOUNDED = "rebounded", "问题反弹"


class OutletKind(models.TextChoices):
    WASTEWATER = "wastewater", "废水排放口"
    RAINWATER = "rainwater", "雨水排放口"
    AIR = "air", "废气排放口"
    NOISE = "noise", "噪声监测点"


class Disposal(models.TextChoices):
    """What the county decided for a 小散乱污 enterprise."""

    SHUT_DOWN = "shut_down", "关停取缔"
    RELOCATE = "relocate", "限期搬迁"
    SUSPEND = "suspend", "停产整治"


class DisposalStatus(models.TextChoices):
    IN_HAND = "in_hand", "整治中"
    DONE = "done", "已完成"


class Light(models.TextChoices):
    """On supervision's scale: an item's or a 小散乱污 disposal's light."""

    DONE = "done", "已完成"
    ON_TIME = "on_time", "序时推进"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "逾期"


LIGHT_COLOURS = {Light.DONE: "green", Light.ON_TIME: "yellow", Light.DUE_SOON: "red", Light.OVERDUE: "darkred"}
