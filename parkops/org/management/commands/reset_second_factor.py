"""parkops reset-second-factor USERNAME: the lost phone of the security administrator, whom no one else
on the pages may reset (三员分立); done on the server by whoever runs it, and audited."""

from django.core.management.base import BaseCommand, CommandError

from parkops.org.models import User
from parkops.org.services import reset_second_factor


class Command(BaseCommand):
    help = "重置账号的两步验证（手机丢失时），该账号下次登录须重新绑定验证器"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        account = User.objects.filter(username=username).first()
        if account is None:
            raise CommandError(f"没有账号“{username}”。")
        reset_second_factor(account=account)
        self.stdout.write(self.style.SUCCESS(f"已重置账号{username}的两步验证，下次登录须重新绑定验证器。"))
