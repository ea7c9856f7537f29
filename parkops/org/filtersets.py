import django_filters

from parkops.org.models import Person, Unit, User


class UnitFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="名称", lookup_expr="icontains")

    class Meta:
        model = Unit
        fields = ["name", "kind"]


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="姓名", lookup_expr="icontains")

    class Meta:
        model = Person
        fields = ["name", "level", "unit"]


class UserFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label="账号", lookup_expr="icontains")

    class Meta:
        model = User
        fields = ["username", "role", "unit", "is_active"]
