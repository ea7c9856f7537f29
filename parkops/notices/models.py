from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.org.models import Park, Unit


class Channel(models.Model):
    """Where pushed notices go: a list of e-mail addresses, or a WeCom, DingTalk or Feishu group robot."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="channels")
    kind = models.CharField("类型", max_length=10, choices=ChannelKind.choices)
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=500,
                               help_text="群机器人的Webhook地址；电子邮件填收件地址，多个用逗号分隔。")
    secret = models.CharField("签名密钥", max_length=200, blank=True,
                              help_text="钉钉“加签”或飞书“签名校验”的密钥；未开启签名则留空。")
    # The secret stays out of the audit log (the audit administrator must not hold a robot's key); its
    # fingerprint goes in instead, so a changed secret still shows up as a change.
    secret_fingerprint = models.CharField("密钥指纹", max_length=8, blank=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="channels", help_text="留空表示管委会本级的通道。")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = "推送通道"
        verbose_name_plural = "推送通道"
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def save(self, *args, **kwargs):
        self.secret_fingerprint = hashlib.sha256(self.secret.encode()).hexdigest()[:8] if self.secret else ""
        super().save(*args, **kwargs)

    def recipients(self) -> list[str]:
        """The e-mail addresses of an e-mail channel; people write them with any separator."""
        text = self.address
        for separator in "，；;、\n ":
            text = text.replace(separator, ",")
        return [part.strip() for part in text.split(",") if part.strip()]


class Message(models.Model):
    """An in-app message in a user's 我的消息."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                             related_name="messages")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    key = models.CharField("去重键", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""),
                                               name="message_unique_key")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notice to one channel, kept until it is sent or has failed its last attempt."""

    channel = models.ForeignKey(Channel, verbose_name="通道", on_delete=models.PROTECT, related_name="deliveries")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    attachment_name = models.CharField("附件名", max_length=200, blank=True)
    attachment_type = models.CharField("附件类型", max_length=100, blank=True)
    attachment = models.BinaryField("附件", null=True, blank=True)
    key = models.CharField("去重键", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    # The attachment is kept once, in the row; history records what happened to the delivery.
    history = HistoricalRecords(excluded_fields=["attachment"])

    class Meta:
        verbose_name = "推送记录"
        verbose_name_plural = "推送记录"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [models.UniqueConstraint(fields=["channel", "key"], condition=~Q(key=""),
                                               name="delivery_unique_key")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.channel.name}"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery, kept so the administrator sees every failure, not only the last."""

    delivery = models.ForeignKey(Delivery, verbose_name="推送记录", on_delete=models.CASCADE,
                                 related_name="attempt_log")
    number = models.PositiveSmallIntegerField("第几次")
    at = models.DateTimeField("时间")
    ok = models.BooleanField("成功")
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "发送尝试"
        verbose_name_plural = "发送尝试"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} 第{self.number}次"
