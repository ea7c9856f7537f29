from django import forms

from parkops.core.forms import StyledFormMixin
from parkops.jobs.models import ReportSubscription
from parkops.org.models import Park


class SubscriptionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportSubscription
        fields = ["report_type", "channel"]

    def __init__(self, *args, park: Park, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.notices.models import Channel

        self.fields["channel"].queryset = Channel.objects.filter(park=park, is_active=True)
        self.fields["channel"].help_text = "在“推送通道”中新建电子邮件或群机器人通道后，可在此选择。"
