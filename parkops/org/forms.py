from django import forms
from django.contrib.auth.password_validation import validate_password

from parkops.core import audit
from parkops.core.forms import StyledFormMixin
from parkops.core.models import AuditAction
from parkops.org.models import Person, Unit, User


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "aliases"]


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "level", "unit"]


class AccountForm(StyledFormMixin, forms.ModelForm):
    """The system administrator's form: who the account is, never what it may do."""

    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, required=False,
                               help_text="新建账号时必填；留空则不修改。")

    class Meta:
        model = User
        fields = ["username", "display_name", "unit", "person", "phone", "is_active"]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if not self.instance.pk and not password:
            raise forms.ValidationError("新建账号须设置初始密码。")
        if password:
            validate_password(password, self.instance)
        return password

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class RoleForm(StyledFormMixin, forms.ModelForm):
    """The security administrator's form: the role, and lifting a lock-out."""

    unlock = forms.BooleanField(label="解除登录锁定", required=False)

    class Meta:
        model = User
        fields = ["role"]

    def save(self, commit=True):
        user = super().save(commit=False)
        unlocking = self.cleaned_data.get("unlock") and (user.locked_until or user.failed_login_count)
        if unlocking:
            before = {"locked_until": str(user.locked_until or ""), "failed_login_count": user.failed_login_count}
            user.locked_until = None
            user.failed_login_count = 0
        if commit:
            user.save()
            if unlocking:
                # The lock fields stay out of the user's history (every failed log-in would be a version),
                # so lifting a lock is recorded here, as the security administrator's act.
                audit.record(AuditAction.UNLOCKED, obj=user, detail=f"解除账号{user.username}的登录锁定",
                             before=before, after={"locked_until": "", "failed_login_count": 0})
        return user
