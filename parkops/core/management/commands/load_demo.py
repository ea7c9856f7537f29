from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from parkops.economy.demo import build_economy
from parkops.org.demo import DEMO_PASSWORD, SUPERVISOR_USERNAME, USERS, build_organisation
from parkops.projects.demo import build_projects
from parkops.supervision.demo import build_supervision


class Command(BaseCommand):
    help = "建立演示园区（单位、领导、各角色用户、督办任务及历次进展、重点项目、企业及近三年月度经济数据）；已存在的数据不重复建立。"

    def handle(self, *args, **options):
        with transaction.atomic():
            park = build_organisation()
            build_supervision(park)
            build_projects(park, timezone.localdate())
            build_economy(park, timezone.localdate(),
                          user=get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first())
        self.stdout.write(self.style.SUCCESS(f"演示园区已就绪：{park.name}"))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, name, role, unit, _person in USERS:
            self.stdout.write(f"  {username:<10} {role.label}　{name}" + (f"（{unit}）" if unit else ""))
        if settings.ADMIN_TOTP_REQUIRED:
            self.stdout.write("三个管理员账号首次登录时，须用手机验证器（如 Google/Microsoft Authenticator）"
                              "扫描页面上的二维码绑定两步验证，此后每次登录输入验证器上的6位数字。")
