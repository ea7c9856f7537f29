from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "parkops.approvals"
    label = "approvals"
    verbose_name = "审批代办"
