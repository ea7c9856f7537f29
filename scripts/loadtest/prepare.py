"""Creates the load test's accounts and hands each clerk its own (task, month) slots to report on.

Run by scripts/loadtest/run.sh against the load test's own database, after `parkops load-demo`. Writes
the plan of the run (accounts, slots, the plan names to export and import) as JSON for the client.

The accounts are business roles only (clerks, supervisors, leaders): the three administrators need a TOTP
code, which a load client has no business holding. The password is hashed once and copied, so making
sixty accounts does not take sixty Argon2 rounds, and password_changed_at is set so nobody is sent to
change it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from parkops.core.periods import period_key  # noqa: E402
from parkops.org.choices import Role  # noqa: E402
from parkops.org.models import Unit  # noqa: E402
from parkops.supervision.models import ProgressReport, Task  # noqa: E402

PASSWORD = "Load#Test2026x"
REPORTING_UNITS = ["工信局", "高新区", "发改委", "自然资源局", "生态环境局"]


def months_back(start: date, count: int) -> list[date]:
    months, year, month = [], start.year, start.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clerks", type=int, required=True)
    parser.add_argument("--supervisors", type=int, required=True)
    parser.add_argument("--leaders", type=int, required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    User = get_user_model()
    template = User(username="loadtest-template")
    template.set_password(PASSWORD)
    now = timezone.now()
    units = {unit.name: unit for unit in Unit.objects.filter(name__in=REPORTING_UNITS)}
    gxq = units["高新区"]

    def make(username: str, role: str, unit: Unit, display_name: str) -> None:
        User.objects.update_or_create(username=username, defaults={
            "display_name": display_name, "role": role, "unit": unit, "password": template.password,
            "password_changed_at": now, "must_change_password": False, "is_active": True,
        })

    # Months far enough back that the demo's own reports are not in the way; each slot is one (task, month)
    # for one clerk only, so no two virtual clerks ever report the same thing and every refusal is a bug.
    this_month = timezone.localdate().replace(day=1)
    months = months_back(this_month, 240)[36:]
    taken = set(ProgressReport.all_objects.values_list("task_id", "unit_id", "period"))
    clerks = []
    for index in range(args.clerks):
        unit = units[REPORTING_UNITS[index % len(REPORTING_UNITS)]]
        username = f"load-clerk-{index:02d}"
        make(username, Role.REPORTER, unit, f"压测填报员{index:02d}")
        clerks.append({"username": username, "unit": unit.pk, "index": index})
    for unit_name, unit in units.items():
        mine = [c for c in clerks if c["unit"] == unit.pk]
        if not mine:
            continue
        task_ids = list(Task.objects.filter(plan__is_active=True, unit_links__unit=unit)
                        .distinct().order_by("pk").values_list("pk", flat=True))
        slots = [(task_id, month) for month in months for task_id in task_ids
                 if (task_id, unit.pk, month) not in taken]
        for position, clerk in enumerate(mine):
            clerk["slots"] = [[task_id, period_key(month)] for task_id, month in slots[position::len(mine)]]
            clerk["unit_name"] = unit_name
    supervisors = []
    for index in range(args.supervisors):
        username = f"load-supervisor-{index:02d}"
        make(username, Role.SUPERVISOR, gxq, f"压测督办员{index:02d}")
        supervisors.append({"username": username, "index": index})
    leaders = []
    for index in range(args.leaders):
        username = f"load-leader-{index:02d}"
        make(username, Role.LEADER, gxq, f"压测领导{index:02d}")
        leaders.append({"username": username, "index": index})

    from parkops.projects.models import Project
    from parkops.supervision.models import Plan
    # The plan everybody knows (the year's 政府工作报告) is the one exported, drawn up and imported.
    plans = Plan.objects.filter(is_active=True).order_by("-year", "-pk")
    plan = plans.filter(name__contains="政府工作报告").first() or plans.first()
    last_month = months_back(this_month, 2)[1]
    Path(args.output).write_text(json.dumps({
        "password": PASSWORD, "clerks": clerks, "supervisors": supervisors, "leaders": leaders,
        "plan": {"id": plan.pk, "name": plan.name}, "period": period_key(last_month),
        "projects": list(Project.objects.order_by("pk").values_list("pk", flat=True)[:40]),
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(clerks)} clerks ({sum(len(c['slots']) for c in clerks)} slots), {len(supervisors)} supervisors, "
          f"{len(leaders)} leaders; plan {plan.name}")


if __name__ == "__main__":
    main()
