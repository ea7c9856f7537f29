"""parkops import-org FILE [--park NAME] [--dry-run] [--json]: the park's 通讯录."""

from __future__ import annotations

from parkops.org.commands import ImportCommand
from parkops.org.importers import DirectoryImporter, DirectoryOutcome, DirectoryPreview
from parkops.org.models import Park


class Command(ImportCommand):
    help = ("从园区通讯录（.xlsx/.docx）导入单位、人员和用户账号：按姓名匹配人员，有“账号”的行建立登录账号并"
            "显示一次性初始密码；“角色”只记为申请角色，由安全管理员授予。")
    file_help = "通讯录（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        # The embedded set-up has one park; with none yet, the preview says to run init-park.
        return DirectoryImporter(park=park or Park.objects.order_by("pk").first())

    def report(self, preview: DirectoryPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write("，".join(f"{label}{count}" for label, count in preview.counts.items()))
        for line in preview.lines:
            account = f"  账号 {line.username}（{line.account_action_label}）" if line.account_action else ""
            role = f"  申请角色 {line.role_label}" if line.requested_role else ""
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            write(f"  [{line.person_action_label}] {line.name} {line.unit} {line.title}{changed}{account}{role}")

    def report_outcome(self, outcome: DirectoryOutcome) -> None:
        if not outcome.passwords:
            return
        self.stdout.write("新账号的初始密码只显示这一次，请抄下后分别交给本人（首次登录须修改）：")
        for account, password in outcome.passwords:
            self.stdout.write(f"  {account.display_name}  账号 {account.username}  初始密码 {password}")

    def outcome_json(self, outcome: DirectoryOutcome) -> dict:
        return {"passwords": [{"username": account.username, "name": account.display_name, "password": password}
                              for account, password in outcome.passwords]}
