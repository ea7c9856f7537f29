from django import forms
from django.contrib.auth.password_validation import validate_password

from parkops.core.forms import StyledFormMixin
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
        if self.cleaned_data.get("unlock"):
            user.locked_until = None
            user.failed_login_count = 0
        if commit:
            user.save()
        return user
