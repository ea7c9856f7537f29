from django.db import models


class ChannelKind(models.TextChoices):
    EMAIL = "email", "电子邮件"
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
    FEISHU = "feishu", "飞书群机器人"


WEBHOOK_KINDS = {ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU}
# The platforms that sign a robot's messages: DingTalk 加签 and Feishu 签名校验. WeCom has no signing.
SIGNED_KINDS = {ChannelKind.DINGTALK, ChannelKind.FEISHU}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
