from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.forms import StyledFormMixin
from parkops.org.choices import ADMIN_ROLES, Role
from parkops.org.lockout import account_locked_until, address_blocked_until, login_address
from parkops.org.models import Person, Unit, User
from parkops.org.services import change_own_password


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "账号或密码错误。连续失败%(limit)s次，账号将被锁定%(minutes)s分钟。",
        "inactive": "该账号已停用，请联系系统管理员。",
        "locked": "账号因连续登录失败已被锁定，请于%(until)s后再试，或联系安全管理员解锁。",
        "address_blocked": "本机登录失败次数过多，已暂停登录，请于%(until)s后再试；如需帮助请联系安全管理员。",
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login",
            params={"limit": settings.LOGIN_FAILURE_LIMIT, "minutes": settings.LOGIN_LOCKOUT_MINUTES},
        )

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            ip = login_address(self.request)
            blocked = address_blocked_until(ip)
            user = get_user_model().objects.filter(username=username).first()
            until = blocked or (user and account_locked_until(user, ip))
            if until:
                # Refused before authenticate() runs, so announce the failure it would have: the audit
                # log must show someone still trying during the lock-out.
                user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
                raise forms.ValidationError(
                    self.error_messages["address_blocked" if blocked else "locked"],
                    code="address_blocked" if blocked else "locked",
                    params={"until": timezone.localtime(until).strftime("%H:%M")},
                )
        return super().clean()


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "aliases"]


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "level", "unit"]


def _validated_password(password: str, username: str) -> str:
    """Django's validators, with the username the form is about to save (a new account has none yet)."""
    try:
        validate_password(password, SimpleNamespace(username=username))
    except ValidationError as refused:
        raise forms.ValidationError(refused.messages) from refused
    return password


class AccountForm(StyledFormMixin, forms.ModelForm):
    """The system administrator's form: who the account is, never what it may do. A password set here is
    an initial one, which its holder must change at the first log-in."""

    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False), required=False,
                               help_text="新建账号时必填；留空则不修改。用户首次登录须改为自己的密码。")

    class Meta:
        model = User
        fields = ["username", "display_name", "unit", "person", "phone", "is_active"]

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if not self.instance.pk and not password:
            self.add_error("password", "新建账号须设置初始密码。")
        elif password:
            try:
                _validated_password(password, cleaned.get("username") or self.instance.username)
            except forms.ValidationError as refused:
                self.add_error("password", refused)
        return cleaned


class AccountSecurityForm(StyledFormMixin, forms.ModelForm):
    """The security administrator's form: the role, a reset password, the second factor, a lock-out."""

    new_password = forms.CharField(
        label="重置密码", widget=forms.PasswordInput(render_value=False), required=False,
        help_text="留空则不修改。授予管理员角色时必填：账号原来的密码可能为他人所知。用户下次登录须改为自己的密码。")
    reset_second_factor = forms.BooleanField(label="重置两步验证（用户丢失手机时）", required=False)
    unlock = forms.BooleanField(label="解除登录锁定", required=False)

    class Meta:
        model = User
        fields = ["role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "（无角色：只能登录，等待分配）"), *Role.choices]
        self.previous_role = self.instance.role
        if not self.instance.role and self.instance.requested_role and not self.is_bound:
            self.initial["role"] = self.instance.requested_role
            self.fields["role"].help_text = (f"通讯录中填写的角色为“{self.instance.get_requested_role_display()}”，"
                                             "已预先选中；确认无误后保存即授予。")

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password")
        granting_admin = cleaned.get("role") in ADMIN_ROLES and cleaned.get("role") != self.previous_role
        if granting_admin and not password:
            # The system administrator created the account and knows its password: without a new one
            # from the security administrator they could log in as the new administrator.
            self.add_error("new_password", "授予管理员角色须同时重置密码，由本人首次登录时修改。")
        elif password:
            try:
                _validated_password(password, self.instance.username)
            except forms.ValidationError as refused:
                self.add_error("new_password", refused)
        return cleaned

    @property
    def granting_admin(self) -> bool:
        return self.cleaned_data.get("role") in ADMIN_ROLES and self.cleaned_data.get("role") != self.previous_role


class OwnPasswordForm(StyledFormMixin, PasswordChangeForm):
    """Everyone's own change: the current password, then the new one twice."""

    error_messages = {
        "password_incorrect": "当前密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = password_validators_help_text_html()
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password2")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error("new_password2", "新密码不能与当前密码相同。")
        return cleaned

    def save(self, commit=True):
        change_own_password(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class SecondFactorForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="动态口令", max_length=8, widget=forms.TextInput(attrs={
        "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
        "placeholder": "手机验证器上的6位数字"}))


class DirectoryImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="通讯录（.xlsx 或 .docx）")
