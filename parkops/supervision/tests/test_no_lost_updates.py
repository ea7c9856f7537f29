"""Two people editing the same task or plan: the second save is refused with who changed what, and
nothing the second person typed is lost. Deleting a task or a plan is a move to the 回收站."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from parkops.core import trash
from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.supervision import selectors, services
from parkops.supervision.choices import Light
from parkops.supervision.models import Plan, ProgressReport, Task
from parkops.supervision.tests.ledgers import SAMPLE_DOCX, import_file
from parkops.testing.factories import PlanFactory, TaskFactory, UserFactory


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhang", display_name="张督办", role=Role.SUPERVISOR)


@pytest.fixture
def li(db):
    return UserFactory(username="li", display_name="李督办", role=Role.SUPERVISOR)


@pytest.fixture
def task(park, unit):
    return TaskFactory(plan=PlanFactory(park=park), number="3", text="新建标准厂房10万平方米。", lead_units=[unit])


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    """What the page posts back unchanged."""
    data = {}
    forms = [response.context["form"]]
    if "targets" in response.context:
        forms.append(response.context["targets"].management_form)
        forms.extend(response.context["targets"])
    for form in forms:
        for bound in form:
            value = bound.field.prepare_value(bound.value())
            if value is not False:
                data[bound.html_name] = "" if value is None else value
    return data


def test_second_save_of_a_task_is_refused_with_who_changed_what(task, zhang, li):
    url = reverse("supervision:task_edit", args=[task.pk])
    zhang_page, li_page = browser(zhang), browser(li)
    zhang_data, li_data = form_data(zhang_page.get(url)), form_data(li_page.get(url))

    zhang_data["text"] = "新建标准厂房12万平方米。"
    saved = zhang_page.post(url, zhang_data)
    assert saved.status_code == 302
    li_data["deadline"] = "2026-11-30"
    response = li_page.post(url, li_data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "未保存：您打开此页面后，张督办于" in page
    assert "重点工作：新建标准厂房10万平方米。 → 新建标准厂房12万平方米。" in page
    assert 'value="2026-11-30"' in page  # 李督办's own input is still in the form
    task.refresh_from_db()
    assert (task.text, task.deadline) == ("新建标准厂房12万平方米。", None)


def test_saving_again_after_reading_the_conflict_goes_through(task, zhang, li):
    url = reverse("supervision:task_edit", args=[task.pk])
    zhang_page, li_page = browser(zhang), browser(li)
    zhang_data, li_data = form_data(zhang_page.get(url)), form_data(li_page.get(url))
    zhang_data["text"] = "新建标准厂房12万平方米。"
    zhang_page.post(url, zhang_data)
    li_data["deadline"] = "2026-11-30"
    refused = li_page.post(url, li_data)

    response = li_page.post(url, form_data(refused))

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == date(2026, 11, 30)
    assert task.history.first().history_user == li


def test_a_conflicting_task_edit_creates_no_unit_or_leader(task, zhang, li):
    url = reverse("supervision:task_edit", args=[task.pk])
    zhang_page, li_page = browser(zhang), browser(li)
    zhang_data, li_data = form_data(zhang_page.get(url)), form_data(li_page.get(url))
    zhang_page.post(url, zhang_data)
    li_data["cooperating_units"] = "新设的协调办"

    li_page.post(url, li_data)

    assert task.plan.park.units.filter(name="新设的协调办").count() == 0


def test_a_task_form_without_its_version_is_refused(task, zhang):
    url = reverse("supervision:task_edit", args=[task.pk])
    page = browser(zhang)
    data = form_data(page.get(url))
    del data["loaded_version"]
    data["text"] = "改了"

    response = page.post(url, data)

    assert "页面缺少版本信息，无法确认您看到的是最新内容，请刷新页面后重新编辑" in response.content.decode()
    task.refresh_from_db()
    assert task.text == "新建标准厂房10万平方米。"


def test_second_save_of_a_plan_is_refused(park, zhang, li):
    plan = PlanFactory(park=park, name="2026年督办计划")
    url = reverse("supervision:plan_edit", args=[plan.pk])
    zhang_page, li_page = browser(zhang), browser(li)
    zhang_data, li_data = form_data(zhang_page.get(url)), form_data(li_page.get(url))
    zhang_data["due_day"] = 10
    zhang_page.post(url, zhang_data)
    li_data["ledger_title"] = "李的标题"

    response = li_page.post(url, li_data)

    assert "报送日：5 → 10" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.due_day, plan.ledger_title) == (10, "")


def test_the_service_refuses_a_stale_version_whatever_the_page(task, zhang):
    loaded = task.version
    services.light_override(task=task, user=zhang, light=Light.BEHIND, reason="进度滞后")

    stale = Task.objects.get(pk=task.pk)
    stale.text = "旧页面上的修改"
    with pytest.raises(ValidationError, match="认定灯色"):
        services.task_edit(task=stale, user=zhang, loaded_version=loaded, lead_units=list(task.lead_units))


def test_an_import_that_updates_a_task_moves_its_version_on(park):
    import_file(SAMPLE_DOCX)
    task = Task.objects.order_by("position").first()
    Task.objects.filter(pk=task.pk).update(text="导入前的旧文字")
    before = Task.objects.get(pk=task.pk).version

    import_file(SAMPLE_DOCX)

    assert Task.objects.get(pk=task.pk).version > before


# --- soft delete ---------------------------------------------------------------------------------


def test_a_deleted_task_leaves_the_lists_and_counts_and_comes_back_restored(task, unit, zhang, reporter):
    services.report_submit(task=task, unit=unit, user=reporter, period=date(2025, 10, 1), text="已开工")
    page = browser(zhang)
    delete_url = reverse("core:trash_delete", args=["supervision.task", task.pk])
    assert f'action="{delete_url}"' in page.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()

    response = page.post(reverse("core:trash_delete", args=["supervision.task", task.pk]), follow=True)

    assert "已删除目标任务“3. 新建标准厂房10万平方米。”，督办员可在回收站恢复。" in response.content.decode()
    assert not Task.objects.filter(pk=task.pk).exists()
    assert Task.all_objects.get(pk=task.pk).deleted_by == zhang
    assert "新建标准厂房" not in page.get(reverse("supervision:task_list")).content.decode()
    dashboard = page.get(reverse("supervision:dashboard")).context
    assert dashboard["total"] == 0 and dashboard["awaiting_review"] == 0
    assert selectors.light_counts(selectors.with_lights(Task.objects.with_listing_data(),
                                                        today=date(2025, 12, 1))) == selectors.light_counts([])
    assert ProgressReport.objects.count() == 0
    assert page.get(reverse("supervision:task_detail", args=[task.pk])).status_code == 404
    assert "新建标准厂房" not in page.get("/api/supervision/tasks/").content.decode()

    bin_page = page.get(reverse("core:trash_list")).content.decode()
    assert "新建标准厂房" in bin_page and "张督办" in bin_page
    page.post(reverse("core:trash_restore", args=["supervision.task", task.pk]))

    assert Task.objects.filter(pk=task.pk).exists()
    assert ProgressReport.objects.filter(task=task).count() == 1
    reasons = list(task.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["删除（移入回收站）", "从回收站恢复"]
    details = list(AuditEntry.objects.filter(object_type="目标任务", action__in=[AuditAction.DELETE,
                                                                                 AuditAction.UPDATE])
                   .values_list("detail", flat=True))
    assert "移入回收站，可由督办员恢复。" in details
    assert any(detail.startswith("从回收站恢复（原由张督办于") for detail in details)


def test_a_deleted_plan_takes_its_tasks_out_of_the_lists(task, zhang):
    trash.soft_delete(task.plan, user=zhang)

    assert not Plan.objects.filter(pk=task.plan_id).exists()
    assert not Task.objects.filter(pk=task.pk).exists()


def test_deleting_twice_at_once_tells_the_second_who_deleted_it(task, zhang, li):
    first, second = Task.objects.get(pk=task.pk), Task.objects.get(pk=task.pk)
    trash.soft_delete(first, user=zhang)

    with pytest.raises(ValidationError, match="该目标任务已被张督办于.*删除"):
        trash.soft_delete(second, user=li)


def test_only_a_supervisor_deletes_or_sees_the_bin(task, reporter):
    page = browser(reporter)

    assert page.post(reverse("core:trash_delete", args=["supervision.task", task.pk])).status_code == 403
    assert page.get(reverse("core:trash_list")).status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_the_number_of_a_deleted_task_is_not_silently_reused(task, zhang):
    trash.soft_delete(task, user=zhang)
    other = TaskFactory(plan=task.plan, number="4", text="另一项任务")
    page = browser(zhang)
    url = reverse("supervision:task_edit", args=[other.pk])
    data = form_data(page.get(url))
    data["number"] = "3"

    response = page.post(url, data)

    assert "序号3属于已删除的任务，请在回收站恢复该任务" in response.content.decode()
