from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from parkops.core.forms import StyledFormMixin
from parkops.notices.choices import SIGNED_KINDS, WEBHOOK_KINDS, ChannelKind
from parkops.notices.models import Channel


class ChannelForm(StyledFormMixin, forms.ModelForm):
    # The secret is never sent back to the browser; an empty field keeps the one stored.
    secret = forms.CharField(label="签名密钥", required=False, widget=forms.PasswordInput(render_value=False),
                             help_text="钉钉“加签”或飞书“签名校验”的密钥（SEC开头或平台生成的字符串）；留空则不修改。")
    clear_secret = forms.BooleanField(label="清除已保存的签名密钥", required=False)

    class Meta:
        model = Channel
        fields = ["name", "kind", "address", "secret", "clear_secret", "unit", "is_active"]

    def clean(self):
        cleaned = super().clean()
        kind, address = cleaned.get("kind"), (cleaned.get("address") or "").strip()
        if kind and address:
            if kind == ChannelKind.EMAIL:
                probe = Channel(address=address)
                for recipient in probe.recipients():
                    try:
                        validate_email(recipient)
                    except ValidationError:
                        self.add_error("address", f"“{recipient}”不是有效的电子邮件地址。")
            elif kind in WEBHOOK_KINDS:
                parts = urlsplit(address)
                if parts.scheme not in {"http", "https"} or not parts.netloc:
                    self.add_error("address", "请填写群机器人的完整Webhook地址（以https://开头）。")
        if cleaned.get("secret") and kind and kind not in SIGNED_KINDS:
            self.add_error("secret", "只有钉钉和飞书群机器人使用签名密钥。")
        return cleaned

    def save(self, commit=True):
        channel = super().save(commit=False)
        if self.cleaned_data.get("clear_secret"):
            channel.secret = ""
        elif not self.cleaned_data.get("secret"):
            channel.secret = self.initial.get("secret", "") if self.instance.pk else ""
        if commit:
            channel.save()
        return channel
