import django_tables2 as tables

from parkops.core.views import LocalDateTimeColumn
from parkops.org.models import Person, Unit, User


class UnitTable(tables.Table):
    name = tables.Column(linkify=("org:unit_edit", {"pk": tables.A("pk")}))

    class Meta:
        model = Unit
        fields = ["name", "kind", "aliases"]


class PersonTable(tables.Table):
    name = tables.Column(linkify=("org:person_edit", {"pk": tables.A("pk")}))

    class Meta:
        model = Person
        fields = ["name", "title", "level", "unit"]


class UserTable(tables.Table):
    username = tables.Column(linkify=("org:user_edit", {"pk": tables.A("pk")}))
    role = tables.Column(empty_values=())
    last_login = LocalDateTimeColumn()
    locked_addresses = tables.Column(verbose_name="登录锁定", orderable=False)

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "unit", "person", "is_active", "last_login", "locked_addresses"]

    def render_role(self, record):
        if record.role:
            return record.get_role_display()
        if record.requested_role:
            return f"（待分配；通讯录：{record.get_requested_role_display()}）"
        return "（待分配）"

    def value_role(self, record):
        return self.render_role(record)

    def render_locked_addresses(self, value):
        return f"{value}个地址已锁定" if value else "—"
