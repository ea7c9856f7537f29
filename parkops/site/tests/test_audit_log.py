"""The audit log (等保 安全审计): what it records, that nobody can change it, and the audit administrator's
search and export.

Recorded: log-in, log-out, failed log-in (also while the account is locked) and the lock-out itself,
each with the account, the time and the user's address (the connection's own, or behind one of
TRUSTED_PROXIES the nearest X-Forwarded-For hop that is not one of them); every export; every change to business data with its before and
after values. Lines are append-only. Only the audit administrator reads them.
"""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.core import audit
from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.supervision.services import task_set_people
from parkops.testing.factories import (
    PASSWORD,
    MonthlyProgressFactory,
    ProjectFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

LOGIN = reverse("org:login")
AUDIT_LIST = reverse("core:audit_list")
OFFICE_PC = "10.20.30.40"


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhang", display_name="张伟", role=Role.SUPERVISOR)


def logged_in(user, **extra) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).first()


# --- log-in and log-out --------------------------------------------------------------------------------


def test_log_in_is_recorded_with_account_time_and_address(zhang, clock):
    Client().post(LOGIN, {"username": "zhang", "password": PASSWORD}, REMOTE_ADDR=OFFICE_PC)

    entry = last(AuditAction.LOGIN)
    assert entry.user_id == zhang.pk
    assert entry.username == "zhang"
    assert entry.at == clock.now
    assert entry.ip == OFFICE_PC


def test_address_behind_a_trusted_proxy_is_the_forwarded_one(zhang, settings):
    settings.TRUSTED_PROXIES = ["172.16.0.0/24"]

    Client().post(LOGIN, {"username": "zhang", "password": PASSWORD},
                  REMOTE_ADDR="172.16.0.1", HTTP_X_FORWARDED_FOR="10.1.1.7, 172.16.0.2")

    assert last(AuditAction.LOGIN).ip == "10.1.1.7"


def test_a_forwarded_address_from_anyone_else_is_not_believed(zhang):
    # No proxy configured: a user who writes the header himself must not pin his log-ins on a colleague.
    Client().post(LOGIN, {"username": "zhang", "password": "Wrong#2026"},
                  REMOTE_ADDR=OFFICE_PC, HTTP_X_FORWARDED_FOR="10.1.1.99")

    assert last(AuditAction.LOGIN_FAILED).ip == OFFICE_PC


def test_what_a_user_adds_in_front_of_the_proxys_hop_is_not_believed(zhang, settings):
    settings.TRUSTED_PROXIES = ["172.16.0.1"]

    Client().post(LOGIN, {"username": "zhang", "password": PASSWORD},
                  REMOTE_ADDR="172.16.0.1", HTTP_X_FORWARDED_FOR="10.1.1.99, 10.1.1.7")

    assert last(AuditAction.LOGIN).ip == "10.1.1.7"


def test_a_garbled_forwarded_header_leaves_the_proxys_address(zhang, settings):
    settings.TRUSTED_PROXIES = ["172.16.0.1"]

    Client().post(LOGIN, {"username": "zhang", "password": PASSWORD},
                  REMOTE_ADDR="172.16.0.1", HTTP_X_FORWARDED_FOR="<script>")

    assert last(AuditAction.LOGIN).ip == "172.16.0.1"


def test_log_out_is_recorded(zhang, clock):
    client = Client()
    client.post(LOGIN, {"username": "zhang", "password": PASSWORD}, REMOTE_ADDR=OFFICE_PC)
    clock.advance(minutes=20)

    client.post(reverse("core:logout"), REMOTE_ADDR=OFFICE_PC)

    entry = last(AuditAction.LOGOUT)
    assert (entry.user_id, entry.username, entry.ip, entry.at) == (zhang.pk, "zhang", OFFICE_PC, clock.now)


def test_failed_log_in_is_recorded_with_the_account_tried(zhang, clock):
    Client().post(LOGIN, {"username": "zhang", "password": "Wrong#2026"}, REMOTE_ADDR=OFFICE_PC)

    entry = last(AuditAction.LOGIN_FAILED)
    assert entry.username == "zhang"
    assert entry.ip == OFFICE_PC
    assert entry.at == clock.now
    assert entry.detail == "账号 zhang 登录失败"
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_failed_log_in_on_an_unknown_account_is_recorded_too(db):
    Client().post(LOGIN, {"username": "admin", "password": "admin"}, REMOTE_ADDR=OFFICE_PC)

    entry = last(AuditAction.LOGIN_FAILED)
    assert (entry.username, entry.ip, entry.user_id) == ("admin", OFFICE_PC, None)


def test_lock_out_and_every_attempt_during_it_are_recorded(zhang):
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"username": "zhang", "password": "Wrong#2026"}, REMOTE_ADDR=OFFICE_PC)

    lock = last(AuditAction.LOCKED)
    assert lock.username == "zhang"
    assert lock.ip == OFFICE_PC
    assert lock.detail == f"从{OFFICE_PC}连续5次登录失败，该地址锁定15分钟"
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="zhang").count() == 5

    # Someone keeps trying, now with the right password: refused, and each try is on record.
    # (The lock holds for the address the failures came from: parkops/org/tests/test_login_limits.py.)
    for _ in range(2):
        client.post(LOGIN, {"username": "zhang", "password": PASSWORD}, REMOTE_ADDR=OFFICE_PC)

    tries_while_locked = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, ip=OFFICE_PC).order_by("pk")[5:]
    assert [e.username for e in tries_while_locked] == ["zhang", "zhang"]


# --- exports -------------------------------------------------------------------------------------------


def test_an_export_is_recorded_with_who_and_what(supervisor):
    TaskFactory()
    client = logged_in(supervisor, REMOTE_ADDR=OFFICE_PC)

    response = client.get(reverse("supervision:task_list"), {"export": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = last(AuditAction.EXPORT)
    assert entry.username == "supervisor"
    assert entry.user_id == supervisor.pk
    assert entry.ip == OFFICE_PC
    assert entry.object_type == "目标任务"
    assert entry.detail == f"导出 目标任务_{timezone.localdate():%Y%m%d}.xlsx"


# --- changes to business data --------------------------------------------------------------------------


def test_creating_a_unit_records_who_and_the_new_values(sysadmin):
    client = logged_in(sysadmin, REMOTE_ADDR=OFFICE_PC)

    client.post(reverse("org:unit_create"), {"name": "统计局", "kind": "department", "aliases": "县统计局"})

    unit = Unit.objects.get(name="统计局")
    entry = last(AuditAction.CREATE)
    assert (entry.username, entry.user_id, entry.ip) == ("sysadmin", sysadmin.pk, OFFICE_PC)
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("单位", str(unit.pk), "统计局")
    assert entry.before is None
    assert entry.after["name"] == "统计局"
    assert entry.after["aliases"] == "县统计局"
    assert entry.after["kind"] == "department"


def test_updating_a_unit_records_only_what_changed_before_and_after(sysadmin, park):
    unit = UnitFactory(park=park, name="统计局", aliases="县统计局")
    client = logged_in(sysadmin, REMOTE_ADDR=OFFICE_PC)

    client.post(reverse("org:unit_edit", args=[unit.pk]), {"name": "统计局", "kind": "department",
                                                           "aliases": "县统计局、统计办"})

    entry = last(AuditAction.UPDATE)
    assert entry.username == "sysadmin"
    assert entry.object_repr == "统计局"
    assert entry.before == {"aliases": "县统计局"}
    assert entry.after == {"aliases": "县统计局、统计办"}


def test_saving_a_form_without_changes_adds_no_line(sysadmin, park):
    unit = UnitFactory(park=park, name="统计局")
    client = logged_in(sysadmin)

    client.post(reverse("org:unit_edit", args=[unit.pk]), {"name": "统计局", "kind": unit.kind, "aliases": ""})

    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_overriding_a_tasks_light_records_the_supervisor_the_reason_and_the_values(supervisor):
    task = TaskFactory()
    client = logged_in(supervisor, REMOTE_ADDR=OFFICE_PC)

    client.post(reverse("supervision:light_override", args=[task.pk]),
                {"light": "done", "reason": "经现场核实已完成"})

    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="目标任务")
    assert (entry.username, entry.ip, entry.object_id) == ("supervisor", OFFICE_PC, str(task.pk))
    assert entry.detail == "认定灯色：已完成"
    assert entry.before == {"light_override": "", "light_override_reason": ""}
    assert entry.after == {"light_override": "done", "light_override_reason": "经现场核实已完成"}


def test_removing_a_unit_from_a_task_records_what_was_removed(park):
    kept, removed = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="商务局")
    task = TaskFactory(lead_units=[kept, removed])

    task_set_people(task=task, lead_units=[kept])

    entry = last(AuditAction.DELETE)
    assert entry.object_type == "任务责任单位"
    assert entry.after is None
    assert entry.before["unit_id"] == removed.pk
    assert entry.before["task_id"] == task.pk
    assert entry.before["role"] == "lead"


# --- append-only ---------------------------------------------------------------------------------------


@pytest.fixture
def entry(zhang) -> AuditEntry:
    return audit.record(AuditAction.LOGIN, obj=zhang, object_type="用户", user=zhang, ip=OFFICE_PC)


def test_an_audit_line_cannot_be_changed(entry):
    entry.username = "someone_else"
    with pytest.raises(PermissionError, match="审计日志不可修改"):
        entry.save()
    with pytest.raises(PermissionError, match="审计日志不可修改"):
        AuditEntry.objects.filter(pk=entry.pk).update(ip="127.0.0.1")
    with pytest.raises(PermissionError, match="审计日志不可修改"), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["username"])

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.username, stored.ip) == ("zhang", OFFICE_PC)


def test_an_audit_line_cannot_be_deleted(entry):
    with pytest.raises(PermissionError, match="审计日志不可删除"):
        entry.delete()
    with pytest.raises(PermissionError, match="审计日志不可删除"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError, match="审计日志不可删除"):
        AuditEntry.objects.all().delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_renamed_account_keeps_its_old_name_on_its_old_lines(entry, zhang):
    zhang.username = "zhangwei"
    zhang.save()

    assert AuditEntry.objects.get(pk=entry.pk).username == "zhang"
    rename = last(AuditAction.UPDATE)
    assert (rename.before, rename.after) == ({"username": "zhang"}, {"username": "zhangwei"})


# --- the audit administrator's search and export -------------------------------------------------------


@pytest.fixture
def history(zhang, clock):
    """A morning's log: zhang fails then logs in, li fails; an export the next day just after midnight."""
    audit.record(AuditAction.LOGIN_FAILED, object_type="用户", username="zhang", ip="10.0.0.1",
                 detail="账号 zhang 登录失败")
    clock.advance(minutes=1)
    audit.record(AuditAction.LOGIN, obj=zhang, object_type="用户", user=zhang, ip="10.0.0.1")
    clock.advance(minutes=1)
    audit.record(AuditAction.LOGIN_FAILED, object_type="用户", username="lisi", ip="10.0.0.2",
                 detail="账号 lisi 登录失败")
    clock.now = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)  # 00:30 on 3 March in Beijing
    audit.record(AuditAction.EXPORT, object_type="目标任务", username="zhang", ip="10.0.0.1",
                 detail="导出 目标任务_20260303.xlsx")


def shown_details(response) -> list[str]:
    return [entry.detail for entry in response.context["table"].data]


def test_audit_admin_searches_by_account_and_action(auditor, history):
    client = logged_in(auditor)

    response = client.get(AUDIT_LIST, {"username": "zhang", "action": AuditAction.LOGIN_FAILED})

    assert shown_details(response) == ["账号 zhang 登录失败"]
    page = response.content.decode()
    assert "账号 zhang 登录失败" in page
    assert "账号 lisi 登录失败" not in page


def test_audit_admin_searches_by_day_in_beijing_time(auditor, history):
    client = logged_in(auditor)

    first_day = client.get(AUDIT_LIST, {"since": "2026-03-02", "until": "2026-03-02", "username": "zhang"})
    second_day = client.get(AUDIT_LIST, {"since": "2026-03-03", "username": "zhang"})

    # 00:30 Beijing time is still 2 March in UTC: the export belongs to the 3rd, as the auditor reads it.
    assert shown_details(first_day) == ["", "账号 zhang 登录失败"]
    assert shown_details(second_day) == ["导出 目标任务_20260303.xlsx"]


def test_audit_page_shows_times_in_beijing_time(auditor, history):
    page = logged_in(auditor).get(AUDIT_LIST, {"action": AuditAction.EXPORT}).content.decode()

    assert "2026-03-03 00:30:00" in page


def test_audit_admin_exports_the_search_to_excel(auditor, history):
    client = logged_in(auditor, REMOTE_ADDR=OFFICE_PC)

    response = client.get(AUDIT_LIST, {"action": AuditAction.LOGIN_FAILED, "export": "xlsx"})

    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "账号", "IP地址", "操作", "对象类型", "对象", "说明", "修改内容")
    assert [row[:4] + row[6:7] for row in rows[1:]] == [
        ("2026-03-02 09:02:00", "lisi", "10.0.0.2", "登录失败", "账号 lisi 登录失败"),
        ("2026-03-02 09:00:00", "zhang", "10.0.0.1", "登录失败", "账号 zhang 登录失败"),
    ]


def test_exporting_the_audit_log_is_itself_recorded(auditor, history):
    logged_in(auditor, REMOTE_ADDR=OFFICE_PC).get(AUDIT_LIST, {"export": "xlsx"})

    entry = last(AuditAction.EXPORT)
    assert (entry.username, entry.object_type, entry.ip) == ("auditor", "审计日志", OFFICE_PC)


def test_export_shows_before_and_after_of_a_change(auditor, sysadmin, park):
    unit = UnitFactory(park=park, name="统计局")
    logged_in(sysadmin).post(reverse("org:unit_edit", args=[unit.pk]),
                             {"name": "统计局", "kind": "town", "aliases": ""})

    response = logged_in(auditor).get(AUDIT_LIST, {"action": AuditAction.UPDATE, "export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][5] == "统计局"
    assert rows[1][7] == "类别：县直部门 → 乡镇"


def test_the_page_names_fields_in_chinese_and_times_in_beijing_time(auditor, sysadmin, park):
    unit = UnitFactory(park=park, name="统计局")
    logged_in(sysadmin).post(reverse("org:unit_edit", args=[unit.pk]),
                             {"name": "统计局", "kind": "town", "aliases": "县统计局"})
    entry = last(AuditAction.UPDATE)

    page = logged_in(auditor).get(AUDIT_LIST, {"action": AuditAction.UPDATE}).content.decode()

    assert "类别：" in page and "县直部门" in page and "乡镇" in page and "别名：" in page
    assert "'kind'" not in page and "{" not in page.split("audit-changes", 1)[1].split("</ul>", 1)[0]
    assert timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S") in page



def test_a_line_names_what_it_points_at_and_who_did_it(auditor, supervisor, park):
    project = ProjectFactory(park=park, name="厦门乾照光电项目")
    MonthlyProgressFactory(project=project, reported_by=supervisor)

    page = logged_in(auditor).get(AUDIT_LIST, {"object_type": "月度进展"}).content.decode()
    changes = page.split("audit-changes", 1)[1].split("</ul>", 1)[0]

    assert "重点项目：" in changes and "厦门乾照光电项目" in changes
    assert "报送人：" in changes and "报送时间：" in changes
    assert "reported" not in changes and "project" not in changes


NOT_AUDITORS = [role for role in Role if role != Role.AUDIT_ADMIN]


@pytest.mark.parametrize("role", NOT_AUDITORS, ids=[r.value for r in NOT_AUDITORS])
def test_only_the_audit_admin_reads_the_audit_log(role, unit, history):
    client = logged_in(UserFactory(username=f"user_{role}", role=role, unit=unit))
    exports_before = AuditEntry.objects.filter(action=AuditAction.EXPORT).count()

    assert client.get(AUDIT_LIST).status_code == 403
    assert client.get(AUDIT_LIST, {"export": "xlsx"}).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == exports_before


def test_audit_log_asks_a_visitor_to_log_in(db):
    response = Client().get(AUDIT_LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_name_typed_at_the_log_in_page_is_exported_as_text_not_as_a_formula(auditor, db):
    typed = '=HYPERLINK("http://10.6.6.6/x","点此查看")'
    Client().post(LOGIN, {"username": typed, "password": "x"}, REMOTE_ADDR=OFFICE_PC)

    response = logged_in(auditor).get(AUDIT_LIST, {"action": AuditAction.LOGIN_FAILED, "export": "xlsx"})

    account = load_workbook(BytesIO(response.content)).active["B2"]
    assert account.data_type == "s"
    assert typed in account.value


def test_a_new_account_is_read_by_the_fields_it_was_given_not_its_empty_ones(auditor, sysadmin, park):
    unit = UnitFactory(park=park, name="高新区")
    logged_in(sysadmin).post(reverse("org:user_create"), {
        "username": "xinren", "display_name": "新同事", "unit": unit.pk, "is_active": "on",
        "password": "Chu#shi2026"})

    response = logged_in(auditor).get(AUDIT_LIST, {"action": AuditAction.CREATE, "object_repr": "新同事",
                                                   "export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    changes = rows[1][7].splitlines()
    assert {"用户名：xinren", "姓名：新同事", "单位：高新区", "有效：是"} <= set(changes)
    assert not [line for line in changes if line.endswith("（空）")], changes  # empty on creation: nothing to say
