from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from parkops.core.permissions import VIEW_LIST, allows
from parkops.core.views import ObjectListView
from parkops.org import permissions
from parkops.org.filtersets import PersonFilter, UnitFilter, UserFilter
from parkops.org.forms import AccountForm, PersonForm, RoleForm, UnitForm
from parkops.org.models import Park, Person, Unit, User
from parkops.org.tables import PersonTable, UnitTable, UserTable


class UnitListView(ObjectListView):
    title = "单位"
    model = Unit
    table_class = UnitTable
    filterset_class = UnitFilter

    def allowed(self):
        return allows(self.request.user, "unit", VIEW_LIST)


class PersonListView(ObjectListView):
    title = "人员"
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilter

    def get_queryset(self):
        return Person.objects.select_related("unit")

    def allowed(self):
        return allows(self.request.user, "unit", VIEW_LIST)


class UserListView(ObjectListView):
    title = "用户"
    model = User
    table_class = UserTable
    filterset_class = UserFilter

    def get_queryset(self):
        return User.objects.select_related("unit", "person").order_by("username")

    def allowed(self):
        return permissions.can_list_users(self.request.user)


def _edit(request, *, form_class, instance, title, list_url, allowed, initial=None):
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        if hasattr(form.instance, "park_id") and not form.instance.park_id:
            form.instance.park = Park.objects.first()
        obj = form.save()
        messages.success(request, f"已保存：{obj}")
        return redirect(list_url)
    return render(request, "org/edit.html", {"form": form, "title": title, "list_url": list_url})


@login_required
def unit_edit(request, pk=None):
    unit = get_object_or_404(Unit, pk=pk) if pk else None
    return _edit(request, form_class=UnitForm, instance=unit, title="单位", list_url="org:unit_list",
                 allowed=permissions.can_manage_org(request.user))


@login_required
def person_edit(request, pk=None):
    person = get_object_or_404(Person, pk=pk) if pk else None
    return _edit(request, form_class=PersonForm, instance=person, title="人员", list_url="org:person_list",
                 allowed=permissions.can_manage_org(request.user))


@login_required
def user_edit(request, pk=None):
    account = get_object_or_404(User, pk=pk) if pk else None
    if permissions.can_assign_roles(request.user) and account is not None:
        if not permissions.can_assign_roles(request.user, account):
            raise PermissionDenied("不能修改自己的角色，请由另一位安全管理员办理。")
        return _edit(request, form_class=RoleForm, instance=account, title=f"角色：{account.username}",
                     list_url="org:user_list", allowed=True)
    return _edit(request, form_class=AccountForm, instance=account, title="用户账号", list_url="org:user_list",
                 allowed=permissions.can_manage_org(request.user))
