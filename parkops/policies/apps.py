from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "parkops.policies"
    label = "policies"
    verbose_name = "惠企政策兑现"
