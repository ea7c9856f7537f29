"""`parkops permission-matrix`: the declared matrix as the auditor reads it (等保 访问控制 evidence), one
line per object kind and action, one column per role: ✓ everywhere, 限 only within the row's scope (own
unit, own projects, own messages), — not at all."""

from django.core.management.base import BaseCommand

from parkops.core.permissions import matrix
from parkops.org.choices import Role


class Command(BaseCommand):
    help = "打印权限矩阵（角色 × 对象 × 操作）：✓ 全部，限 仅本单位/本人负责的对象，— 无权限"

    def handle(self, *args, **options):
        roles = list(Role)
        self.stdout.write("| 模块 | 对象·操作 | " + " | ".join(role.label for role in roles) + " |")
        self.stdout.write("|---|---|" + "---|" * len(roles))
        rows = matrix()
        for row in rows:
            cells = ["✓" if role in row.rule.everywhere else "限" if role in row.rule.scoped else "—"
                     for role in roles]
            self.stdout.write(f"| {row.module} | {row.label} | " + " | ".join(cells) + " |")
        self.stdout.write(f"\n共{len(rows)}行。")
