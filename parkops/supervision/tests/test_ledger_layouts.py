"""Ledgers of other layouts than the 一览表: 观摩台账, 整改台账, 专项行动台账 (issue 13 item 3; issue 14 item 4)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from parkops.core.imports import ImportFileError
from parkops.supervision.deadlines import read_deadline
from parkops.supervision.models import Plan, Task
from parkops.supervision.tests.layout_samples import (
    ENVIRONMENT,
    IDLE_LAND,
    INSPECTION,
    WITH_SUPERVISING_LEADER,
    LayoutSample,
    import_sample,
    sample_path,
    tasks_as_written,
)
from parkops.supervision.tests.ledgers import upload

# -- reading the columns ------------------------------------------------------------------------------


@pytest.mark.parametrize("sample, fields", [
    (INSPECTION, ["number", "text", "deadline", "lead_units", "responsible", "progress", "extra"]),
    (ENVIRONMENT, ["number", "text", "extra", "extra", "lead_units", "responsible", "deadline", "progress"]),
    (IDLE_LAND, ["number", "text", "extra", "lead_units", "cooperating_units", "responsible", "deadline", "progress",
                 "extra"]),
], ids=lambda value: value.name if isinstance(value, LayoutSample) else "")
def test_each_layout_is_read_column_by_column_with_only_the_task_text_required(park, tmp_path, sample, fields):
    preview, plan = import_sample(tmp_path, sample)

    assert [(c.header, c.field) for c in preview.layout] == list(zip(sample.header, fields, strict=True))
    assert [entry["header"] for entry in plan.layout] == sample.header
    assert Task.objects.filter(plan=plan).count() == sum(1 for row in sample.rows if not isinstance(row, str))


def test_inspection_ledger_gives_the_person_in_the_unit_the_deadline_as_written_and_the_kept_column(park, tmp_path):
    preview, plan = import_sample(tmp_path, INSPECTION)

    first, second, third, fourth = tasks_as_written(plan)
    assert first["responsible"] == [("李明", "住建局")]
    assert (first["deadline"], first["deadline_text"]) == (date(2025, 11, 25), "11月25日前")
    assert first["progress"] == "路灯基础已浇筑完成，灯杆进场。" and first["extra"] == {"备注": "观摩线路"}
    assert third["responsible"] == [("张伟", "高新区"), ("赵磊", "高新区")]
    assert third["deadline"] == date(2025, 12, 31)
    # 长期坚持: ongoing, no date, and nothing to warn about.
    assert (fourth["deadline"], fourth["deadline_text"]) == (None, "长期坚持")
    assert not preview.problems_for(6)


@pytest.mark.parametrize("text, deadline, ongoing", [
    ("11月25日前", date(2026, 11, 25), False), ("6月底前", date(2026, 6, 30), False),
    ("年底前", date(2026, 12, 31), False), ("2026年9月30日", date(2026, 9, 30), False),
    ("9月30日", date(2026, 9, 30), False), ("三季度末", date(2026, 9, 30), False),
    ("上半年", date(2026, 6, 30), False), ("2025年6月底前", date(2025, 6, 30), False),
    ("2027年底前", date(2027, 12, 31), False), ("长期坚持", None, True), ("持续推进", None, True),
    ("立行立改，长期坚持", None, True), ("视上级政策确定", None, False), ("2月30日前", None, False),
])
def test_deadlines_are_read_against_the_plans_year(text, deadline, ongoing):
    reading = read_deadline(text, 2026)
    assert (reading.deadline, reading.ongoing) == (deadline, ongoing)


def test_a_deadline_that_cannot_be_read_is_kept_as_text_and_flagged_never_invented(park, tmp_path):
    preview, plan = import_sample(tmp_path, IDLE_LAND)

    task = Task.objects.get(plan=plan, number="4")
    assert (task.deadline, task.deadline_text) == (None, "视上级政策确定")
    assert [str(w) for w in preview.warnings] == ["第7行：完成时间“视上级政策确定”无法识别为日期，按原文保留，未设完成期限。"]
    assert Task.objects.get(plan=plan, number="2").deadline == date(2026, 6, 30)  # 上半年


def test_a_column_named_as_nobody_guessed_is_mapped_by_hand_and_remembered(park, tmp_path):
    renamed = LayoutSample(**{**INSPECTION.__dict__, "header": ["序号", "督办事项", *INSPECTION.header[2:]]})
    with pytest.raises(ImportFileError, match="未找到表头"):
        import_sample(tmp_path, renamed)

    preview, plan = import_sample(tmp_path, renamed, mapping={"督办事项": "text", "备注": "cooperating_units"})

    assert [(c.header, c.field, c.by_hand) for c in preview.layout][1] == ("督办事项", "text", True)
    assert tasks_as_written(plan)[0]["cooperating"] == ["观摩线路"]
    # The plan reads its own ledger as it did last time, without being told again.
    again, _ = import_sample(tmp_path, renamed)
    assert {t.action for t in again.tasks} == {"unchanged"}


def test_the_yilanbiao_keeps_printing_as_the_yilanbiao(imported):
    assert imported.layout == []


# -- a past year's ledger -------------------------------------------------------------------------------


def test_a_ledger_of_a_past_year_is_saved_archived_unless_asked(park, tmp_path):
    preview, plan = import_sample(tmp_path, ENVIRONMENT)
    assert preview.archived and not plan.is_active
    assert "保存为已归档" in preview.state_label

    _, kept_in_use = import_sample(tmp_path, ENVIRONMENT, plan="仍在督办", active=True)
    assert kept_in_use.is_active

    _, this_year = import_sample(tmp_path, IDLE_LAND)
    assert this_year.is_active


def test_the_command_maps_by_hand_and_keeps_a_past_year_in_use_when_told(park, tmp_path):
    path = sample_path(tmp_path, WITH_SUPERVISING_LEADER)
    out = StringIO()
    call_command("import_ledger", str(path), "--plan", "整改台账", "--map", "督导领导=高新区责任领导", stdout=out)

    assert "督导领导 → 高新区责任领导（手工指定）" in out.getvalue()
    assert "整改措施 → 保留为附加列" in out.getvalue()
    task = tasks_as_written(Plan.objects.get(name="整改台账"))[0]
    assert task["park_leaders"] == ["王晓君"] and task["extra"] == {"整改措施": "拆除违规广告牌，统一外立面色调。"}

    with pytest.raises(CommandError, match="不认识的字段“领导”"):
        call_command("import_ledger", str(path), "--plan", "整改台账", "--map", "督导领导=领导", stdout=StringIO())

    old = sample_path(tmp_path, ENVIRONMENT)
    call_command("import_ledger", str(old), "--plan", "2024年督察整改", "--active", stdout=StringIO())
    call_command("import_ledger", str(old), "--plan", "2024年督察整改归档", stdout=(out := StringIO()))
    assert Plan.objects.get(name="2024年督察整改").is_active
    assert not Plan.objects.get(name="2024年督察整改归档").is_active
    assert "2024年的台账：保存为已归档" in out.getvalue()


# -- the page -------------------------------------------------------------------------------------------


def test_supervisor_sees_each_column_understood_maps_one_by_hand_and_keeps_an_old_ledger_in_use(
        client, park, supervisor, tmp_path):
    client.force_login(supervisor)
    url = reverse("supervision:ledger_import")
    path = sample_path(tmp_path, ENVIRONMENT)

    page = client.post(url, {"step": "upload", "file": upload(path), "plan": "督察整改", "period": ""}
                       ).content.decode()
    assert "各列的理解" in page and "保留为附加列" in page
    assert "2024年的台账：保存为已归档（不在用）" in page
    assert "整改目标" in page and "排放稳定达标" in page  # a kept column, shown in the preview

    token = client.session["ledger_import"]["token"]
    form = {"step": "repreview", "token": token, "active": "on"}
    for index, header in enumerate(ENVIRONMENT.header):
        was = "extra" if header in ("整改目标", "整改措施") else "kept"
        form |= {f"column-header-{index}": header, f"column-was-{index}": was, f"column-field-{index}": was}
    form["column-field-2"] = "cooperating_units"  # 整改目标 read as units is absurd but shows the hand
    form["column-field-3"] = "extra"
    page = client.post(url, form).content.decode()
    assert "手工指定" in page and "2024年的台账：保存为已归档" not in page
    assert 'text-bg-success">在用</span>' in page
    assert client.session["ledger_import"]["mapping"] == {"整改目标": "cooperating_units"}

    client.post(url, {"step": "confirm", "token": token})

    plan = Plan.objects.get(name="督察整改")
    assert plan.is_active
    task = Task.objects.get(plan=plan, number="1")
    assert [u.name for u in task.cooperating_units] == ["排放稳定达标"]
    detail = client.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    assert "孙丽" in detail and "2024年12月31日" in detail and "整改措施" in detail and "逐企开展VOCs治理" in detail
