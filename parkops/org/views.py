from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, privacy
from parkops.core.import_views import ImportView
from parkops.core.models import AuditAction
from parkops.core.permissions import VIEW_LIST, allows
from parkops.core.views import ObjectListView
from parkops.org import permissions, second_factor, services
from parkops.org.filtersets import PersonFilter, UnitFilter, UserFilter
from parkops.org.forms import (
    AccountForm,
    AccountSecurityForm,
    DirectoryImportForm,
    LoginForm,
    OwnPasswordForm,
    PersonForm,
    SecondFactorForm,
    UnitForm,
)
from parkops.org.importers import DirectoryImporter, DirectoryOutcome
from parkops.org.lockout import account_locked_until, login_address, register_failure, unlock
from parkops.org.models import Park, Person, Unit, User
from parkops.org.permissions import can_assign_roles, can_manage_org
from parkops.org.tables import PersonTable, UnitTable, UserTable


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if second_factor.required(user):
            # The password was right; the session logs in only after the code (parkops.org.second_factor).
            second_factor.begin(self.request, user, self.get_success_url())
            return redirect("org:second_factor")
        return super().form_valid(form)


class UnitListView(ObjectListView):
    title = "单位"
    model = Unit
    table_class = UnitTable
    filterset_class = UnitFilter

    def allowed(self):
        return allows(self.request.user, "unit", VIEW_LIST)

    def actions(self):
        return _org_actions(self.request.user, ("新增单位", "org:unit_create"))


class PersonListView(ObjectListView):
    title = "人员"
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilter

    def get_queryset(self):
        return Person.objects.select_related("unit")

    def allowed(self):
        return allows(self.request.user, "unit", VIEW_LIST)

    def actions(self):
        return _org_actions(self.request.user, ("新增人员", "org:person_create"))


class UserListView(ObjectListView):
    title = "用户"
    model = User
    table_class = UserTable
    filterset_class = UserFilter

    def get_queryset(self):
        locked = Q(login_locks__locked_until__gt=timezone.now())
        return (User.objects.select_related("unit", "person").order_by("username")
                .annotate(locked_addresses=Count("login_locks", filter=locked)))

    def allowed(self):
        return permissions.can_list_users(self.request.user)

    def actions(self):
        if not permissions.can_manage_account(self.request.user, None):
            return []
        return _org_actions(self.request.user, ("新增账号", "org:user_create"))


def _org_actions(user, create: tuple[str, str]) -> list[tuple[str, str]]:
    """The system administrator's buttons on the organisation's lists: create one, or import the 通讯录."""
    actions = []
    if can_manage_org(user) or create[1] == "org:user_create":
        actions.append((create[0], reverse(create[1])))
    if permissions.can_import_directory(user):
        actions.append(("导入通讯录", reverse("org:directory_import")))
    return actions


def _edit(request, *, form_class, instance, title, list_url, allowed, initial=None):
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        if hasattr(form.instance, "park_id") and not form.instance.park_id:
            form.instance.park = services.served_park()
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
    if account is not None and can_assign_roles(request.user):
        return _account_security(request, account)
    if not permissions.can_manage_account(request.user, account):
        if account is not None and can_manage_org(request.user):
            raise PermissionDenied("管理员账号（含您本人）由安全管理员管理；修改本人密码请用右上角的“修改密码”。")
        raise PermissionDenied("您没有执行此操作的权限。")
    if request.method == "GET" and account is not None and account.phone:
        # The account form shows the user's mobile number in full: its reading is on record.
        privacy.record_read(what="用户手机号", obj=account, detail=f"编辑账号{account.username}时查看其手机号")
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if form.cleaned_data.get("password"):
                services.set_password_by_administrator(account=saved, password=form.cleaned_data["password"],
                                                       new=account is None)
        messages.success(request, f"已保存：{saved}" + ("。新账号尚无角色，请安全管理员分配。" if account is None else ""))
        return redirect("org:user_list")
    return render(request, "org/edit.html", {"form": form, "title": "用户账号", "list_url": "org:user_list"})


def _account_security(request, account: User):
    if not permissions.can_manage_security_of(request.user, account):
        raise PermissionDenied("不能修改自己的角色或安全设置。")
    form = AccountSecurityForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if form.cleaned_data.get("new_password"):
                services.set_password_by_administrator(account=saved, password=form.cleaned_data["new_password"])
            if form.cleaned_data.get("reset_second_factor") or form.granting_admin:
                services.reset_second_factor(account=saved)
            if form.cleaned_data.get("unlock"):
                unlock(saved)
        messages.success(request, f"已保存：{saved}")
        return redirect("org:user_list")
    return render(request, "org/edit.html", {"form": form, "title": f"角色与安全：{account.username}",
                                             "list_url": "org:user_list"})


# --- the park's 通讯录 ---------------------------------------------------------------------------------


class DirectoryImportView(ImportView):
    title = "导入通讯录"
    form_class = DirectoryImportForm
    upload_template = "org/directory_import.html"
    preview_template = "org/directory_import_preview.html"
    session_key = "org_directory_import"

    def allowed(self, user) -> bool:
        return permissions.can_import_directory(user)

    def importer(self, entry: dict) -> DirectoryImporter:
        return DirectoryImporter(park=Park.objects.order_by("pk").first())

    def done_url(self, outcome) -> str:
        return reverse("org:person_list")

    def done(self, outcome: DirectoryOutcome):
        # The new accounts' one-time passwords are shown on this answer only: kept nowhere, not even
        # in the session; reloading the page does not show them again.
        if not outcome.passwords:
            return super().done(outcome)
        response = render(self.request, "org/directory_passwords.html",
                          {"title": "新账号的初始密码", "passwords": outcome.passwords})
        response["Cache-Control"] = "no-store"
        return response


directory_import = DirectoryImportView.as_view()


# --- the user's own account ----------------------------------------------------------------------------


@login_required
def password_change(request):
    """Everyone's own password; also where a first log-in and an expired password are sent."""
    due = services.password_change_due(request.user)
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this session stays; the user's others end
        messages.success(request, "密码已修改。您在其他浏览器或设备上的登录已全部退出。")
        return redirect("site:home")
    return render(request, "org/password_change.html", {
        "form": form, "title": "修改密码", "due": due, "expiry_days": settings.PASSWORD_EXPIRY_DAYS})


@login_required
def own_second_factor(request):
    """Anyone may bind an authenticator to their own account (等保: a second factor for those who want
    it); a business user may also turn it off again, with a current code, the administrators may not."""
    user = request.user
    enabled = bool(user.totp_secret)
    may_turn_off = second_factor.may_turn_off(user)
    if enabled and not may_turn_off:
        form = None
    else:
        form = SecondFactorForm(request.POST or None)
    secret = user.totp_secret if enabled else second_factor.enrolment_secret(request)
    if form is not None and request.method == "POST" and form.is_valid():
        step = second_factor.matching_step(secret, form.cleaned_data["code"],
                                           after=user.totp_last_step if enabled else None)
        if step is None:
            form.add_error("code", "动态口令不正确或已使用过，请输入验证器上当前显示的6位数字。")
        elif enabled:
            services.disable_second_factor(user=user)
            messages.success(request, "已关闭两步验证，今后登录只需密码。")
            return redirect("org:own_second_factor")
        else:
            services.enable_second_factor(user=user, secret=secret, step=step)
            request.session.pop(second_factor.ENROLLING, None)
            messages.success(request, "已绑定两步验证，今后登录须输入验证器上的动态口令。")
            return redirect("org:own_second_factor")
    context = {"form": form, "title": "两步验证", "enabled": enabled, "may_turn_off": may_turn_off}
    if not enabled:
        context.update(secret=second_factor.grouped(secret),
                       qr=second_factor.qr_svg(second_factor.provisioning_uri(user, secret)))
    return render(request, "org/own_second_factor.html", context)


@login_required
def awaiting_role(request):
    if request.user.role:
        return redirect("site:home")
    return render(request, "org/awaiting_role.html", {"title": "等待分配角色"})


def second_factor_step(request):
    """After the right password, before the session is logged in: set up the authenticator, or enter
    its code."""
    user = second_factor.pending_user(request)
    if user is None:
        messages.error(request, "登录已超时，请重新输入账号和密码。")
        return redirect("org:login")
    setting_up = not user.totp_secret
    secret = second_factor.setup_secret(request) if setting_up else user.totp_secret
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = second_factor.matching_step(secret, form.cleaned_data["code"],
                                           after=None if setting_up else user.totp_last_step)
        if step is not None:
            if setting_up:
                services.enable_second_factor(user=user, secret=secret, step=step)
            else:
                User.objects.filter(pk=user.pk).update(totp_last_step=step)
            next_url = second_factor.finish(request, user)
            return redirect(next_url or "site:home")
        ip = login_address(request)
        audit.record(AuditAction.LOGIN_FAILED, object_type="用户", username=user.username,
                     detail=f"账号 {user.username} 动态口令错误")
        register_failure(username=user.username, user=user, ip=ip)
        until = account_locked_until(user, ip)
        if until:
            second_factor.abandon(request)
            messages.error(request, f"动态口令连续错误，账号已被锁定，请于{timezone.localtime(until):%H:%M}后再试，"
                                    "或联系安全管理员解锁。")
            return redirect("org:login")
        form.add_error("code", "动态口令不正确或已使用过，请输入验证器上当前显示的6位数字。")
    context = {"form": form, "title": "两步验证", "account": user, "setting_up": setting_up}
    if setting_up:
        context.update(secret=second_factor.grouped(secret),
                       qr=second_factor.qr_svg(second_factor.provisioning_uri(user, secret)))
    return render(request, "org/second_factor.html", context)
