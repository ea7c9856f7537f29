"""parkops init-park NAME: the first run of a real park's installation, on an empty database.

Creates the park and the three administrator accounts of 三员分立 and prints their one-time passwords,
once: write them down and hand each to its holder. Each holder changes the password and binds an
authenticator at the first log-in. Run again, it refuses and changes nothing.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from parkops.org.services import AlreadyInitialised, initialise_park


class Command(BaseCommand):
    help = "在空数据库中建立园区及系统管理员、安全管理员、审计管理员账号（三员分立），打印一次性初始密码"

    def add_arguments(self, parser):
        parser.add_argument("name", help="园区全称，如“某某县高新技术产业开发区”")
        parser.add_argument("--short-name", default="", help="简称，如“高新区”")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（供部署脚本读取）")

    def handle(self, *args, name: str, short_name: str, **options):
        try:
            park, accounts = initialise_park(name=name, short_name=short_name)
        except (AlreadyInitialised, ValueError) as refusal:
            raise CommandError(str(refusal)) from None
        if options["json"]:
            self.stdout.write(json.dumps({
                "park": {"name": park.name, "short_name": park.short_name},
                "accounts": [{"username": account.username, "role": account.get_role_display(),
                              "password": password} for account, password in accounts],
            }, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(f"已建立园区“{park.name}”。三个管理员账号的初始密码只显示这一次，请抄下后分别交给本人："))
        for account, password in accounts:
            self.stdout.write(f"  {account.get_role_display()}  账号 {account.username}  初始密码 {password}")
        self.stdout.write("首次登录须修改密码并用手机验证器绑定两步验证。接下来：系统管理员登录，在“组织机构”中"
                          "建立单位、人员和用户账号；安全管理员为新账号分配角色（如督办员）。")
