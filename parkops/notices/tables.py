import django_tables2 as tables

from parkops.core.views import LocalDateTimeColumn
from parkops.notices.choices import DeliveryStatus
from parkops.notices.models import Channel, Delivery


class ChannelTable(tables.Table):
    name = tables.Column(linkify=("notices:channel_edit", {"pk": tables.A("pk")}))
    unit = tables.Column(default="管委会本级")
    address = tables.Column(attrs={"td": {"class": "small text-break"}})
    signed = tables.BooleanColumn(verbose_name="已设签名", accessor="secret_fingerprint", orderable=False)
    actions = tables.TemplateColumn(template_name="notices/channel_actions.html", verbose_name="操作",
                                    orderable=False, exclude_from_export=True)

    class Meta:
        model = Channel
        fields = ["name", "kind", "unit", "address", "signed", "is_active"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "" if record.is_active else "text-muted"}

    def value_address(self, value):
        return value


class DeliveryTable(tables.Table):
    created_at = LocalDateTimeColumn(format="Y-m-d H:i")
    subject = tables.Column(linkify=("notices:delivery_detail", {"pk": tables.A("pk")}))
    channel = tables.Column(accessor="channel__name", verbose_name="通道")
    status = tables.TemplateColumn(template_name="notices/delivery_status.html", verbose_name="状态")
    next_attempt_at = LocalDateTimeColumn(format="Y-m-d H:i")
    sent_at = LocalDateTimeColumn(format="Y-m-d H:i")
    last_error = tables.Column(default="", attrs={"td": {"class": "small text-danger text-break"}})
    actions = tables.TemplateColumn(template_name="notices/delivery_actions.html", verbose_name="操作",
                                    orderable=False, exclude_from_export=True)

    class Meta:
        model = Delivery
        fields = ["created_at", "subject", "channel", "status", "attempts", "next_attempt_at", "sent_at",
                  "last_error"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "table-danger" if record.status == DeliveryStatus.FAILED else "",
                     "data-status": lambda record: record.status}

    def value_status(self, record):
        return record.get_status_display()
