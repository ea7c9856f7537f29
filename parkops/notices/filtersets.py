import django_filters

from parkops.notices.models import Channel, Delivery


class ChannelFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="名称", lookup_expr="icontains")

    class Meta:
        model = Channel
        fields = ["name", "kind", "unit", "is_active"]


class DeliveryFilter(django_filters.FilterSet):
    subject = django_filters.CharFilter(label="标题", lookup_expr="icontains")

    class Meta:
        model = Delivery
        fields = ["status", "channel", "subject"]
