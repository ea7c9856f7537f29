"""Importing the 一览表: both real samples, re-imports, row problems, and the upload pages."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from parkops.core.imports import ImportRejected
from parkops.core.models import AuditAction, AuditEntry
from parkops.core.periods import period_for_ledger_date
from parkops.org.choices import LeaderLevel, Role, UnitKind
from parkops.org.models import Person, Unit
from parkops.supervision.choices import Light, ReportStatus
from parkops.supervision.importers import LedgerImporter, parse_deadline
from parkops.supervision.lights import compute_light
from parkops.supervision.models import Plan, ProgressReport, Section, Target, Task
from parkops.supervision.tests.ledgers import (
    PLAN,
    SAMPLE_DOCX,
    SAMPLE_XLSX,
    SECTION_2,
    SECTION_2_3,
    SECTION_4,
    SECTION_4_2,
    SEED_PEOPLE,
    TITLE,
    db_counts,
    import_file,
    ledger_docx,
    preview_file,
    upload,
    write,
)
from parkops.testing.factories import PersonFactory, UnitFactory, UserFactory

SAMPLES = pytest.mark.parametrize("sample", [SAMPLE_DOCX, SAMPLE_XLSX], ids=["docx", "xlsx"])


def task(number: str) -> Task:
    return Task.objects.with_listing_data().get(plan__name=PLAN, number=number)


# -- the samples ----------------------------------------------------------------------------------------


@SAMPLES
def test_sample_imports_eight_tasks_under_four_headings(park, sample):
    import_file(sample)

    plan = Plan.objects.get(name=PLAN)
    assert list(plan.tasks.order_by("position").values_list("number", flat=True)) == [
        "9", "19", "20", "21", "22", "23", "24", "47"]
    sections = {s.heading: (s.parent.heading if s.parent else None) for s in plan.sections.all()}
    assert sections == {SECTION_2: None, SECTION_2_3: SECTION_2, SECTION_4: None, SECTION_4_2: SECTION_4}
    assert task("9").section.heading == SECTION_2
    assert {task(n).section.heading for n in ("19", "20", "21", "22", "23", "24")} == {SECTION_2_3}
    assert task("47").section.heading == SECTION_4_2
    assert task("9").text == "坚持工业强县战略不动摇，大力推进新型工业化，建设现代化产业体系，力争工业营业收入达到720亿元。"


@SAMPLES
def test_sample_gives_every_leader_and_unit_of_every_task(park, sample):
    import_file(sample)

    for number, (county, lead, cooperating, park_leaders) in SEED_PEOPLE.items():
        imported = task(number)
        assert [p.name for p in imported.county_leaders] == county, number
        assert [u.name for u in imported.lead_units] == lead, number
        assert [u.name for u in imported.cooperating_units] == cooperating, number
        assert [p.name for p in imported.park_leaders] == park_leaders, number
    assert task("21").cooperating_units == []
    # "周  洁" in the file is one person, 周洁, named in every task.
    assert Person.objects.filter(name__contains="周").count() == 2
    assert Person.objects.get(name="周洁").level == LeaderLevel.COUNTY
    assert Person.objects.get(name="伍星").level == LeaderLevel.PARK
    assert Unit.objects.get(name="丰林镇").kind == UnitKind.TOWN


def test_title_and_date_give_the_plan_its_year_title_and_the_period(park):
    preview, outcome = import_file(SAMPLE_DOCX)

    plan = outcome.obj
    assert (plan.name, plan.year, plan.ledger_title) == (PLAN, 2023, TITLE)
    # A ledger dated 2023年11月30日 reports 1-10月.
    assert preview.period == date(2023, 10, 1)
    assert set(ProgressReport.objects.values_list("period", flat=True)) == {date(2023, 10, 1)}


def test_ledger_date_means_the_month_before():
    assert period_for_ledger_date(date(2023, 11, 30)) == date(2023, 10, 1)
    assert period_for_ledger_date(date(2024, 1, 8)) == date(2023, 12, 1)


def test_period_option_overrides_the_date_line(park):
    import_file(SAMPLE_XLSX, period=date(2023, 11, 1))

    assert set(ProgressReport.objects.values_list("period", flat=True)) == {date(2023, 11, 1)}


def test_progress_becomes_the_accepted_report_of_the_first_lead_unit_with_figures(park):
    import_file(SAMPLE_DOCX)

    report = ProgressReport.objects.get(task=task("9"))
    assert (report.unit.name, report.status, report.period) == ("工信局", ReportStatus.ACCEPTED, date(2023, 10, 1))
    assert report.text == "1-10月园区规上企业营业收入380亿元。"
    target = Target.objects.get(task__number="9")
    assert (target.amount, target.unit) == (Decimal(7200000), "万元")
    assert report.figure_for(target) == Decimal(3800000)
    land = ProgressReport.objects.get(task=task("21"))
    assert land.unit.name == "高新区"
    assert land.figures.get().amount == Decimal(357)


def test_lights_follow_from_the_imported_figures(park):
    import_file(SAMPLE_DOCX)

    as_of_ledger_date = date(2023, 11, 30)
    done = compute_light(task("21"), today=as_of_ledger_date)
    assert done.light == Light.DONE  # 共盘活土地357亩 ≥ 350亩以上
    assert "357亩" in done.reason and "350亩" in done.reason
    behind = compute_light(task("9"), today=as_of_ledger_date)
    assert behind.light == Light.BEHIND  # 380 of 720亿元 against 10/12 of the year
    assert "380.00亿元" in behind.reason and "序时进度" in behind.reason


# -- importing again ------------------------------------------------------------------------------------


def test_importing_the_other_format_again_changes_nothing_and_duplicates_nothing(park):
    import_file(SAMPLE_DOCX)
    before = db_counts()

    preview, outcome = import_file(SAMPLE_XLSX)

    assert {t.action for t in preview.tasks} == {"unchanged"}
    assert {s.action for s in preview.sections} == {"unchanged"}
    assert preview.people_to_create == [] and preview.units_to_create == []
    after = db_counts()
    assert after.pop("AuditEntry") > before.pop("AuditEntry")
    assert after == before
    assert outcome.counts["未变任务"] == 8


def test_reimport_updates_the_changed_task_in_place(park, tmp_path):
    import_file(SAMPLE_DOCX)
    document = docx.Document(str(SAMPLE_DOCX))
    row = next(r for r in document.tables[0].rows if r.cells[0].text.startswith("21."))
    row.cells[5].paragraphs[-1].runs[-1].text = "共盘活土地360亩。"
    row.cells[3].paragraphs[-1].runs[-1].text = "商务局"
    buffer = BytesIO()
    document.save(buffer)

    preview, outcome = import_file(write(tmp_path, "一览表（修改）.docx", buffer.getvalue()))

    line = next(t for t in preview.tasks if t.number == "21")
    assert (line.action, line.changes) == ("update", ["配合单位", "完成情况"])
    assert outcome.counts["更新任务"] == 1 and outcome.counts["未变任务"] == 7
    assert Task.objects.count() == 8
    report = ProgressReport.objects.get(task=task("21"))
    assert report.text == "共盘活土地360亩。"
    assert report.figures.get().amount == Decimal(360)
    assert [u.name for u in task("21").cooperating_units] == ["商务局"]


def test_supervisor_corrected_targets_survive_a_reimport(park):
    import_file(SAMPLE_DOCX)
    Target.objects.filter(task__number="21").update(amount=400)

    import_file(SAMPLE_DOCX)

    assert list(Target.objects.filter(task__number="21").values_list("amount", flat=True)) == [Decimal(400)]
    assert compute_light(task("21"), today=date(2023, 11, 30)).light != Light.DONE


def test_known_people_and_units_are_matched_by_name_and_alias(park):
    PersonFactory(park=park, name="周洁")
    UnitFactory(park=park, name="德安中寰工业发展集团有限公司", kind=UnitKind.COMPANY, aliases="中寰集团、工发集团")

    preview = preview_file(SAMPLE_DOCX)

    assert "周洁" not in [p.name for p in preview.people_to_create]
    assert "中寰集团" not in [u.name for u in preview.units_to_create]
    assert next(t for t in preview.tasks if t.number == "23").lead_units == ["高新区", "德安中寰工业发展集团有限公司"]
    new_people = {p.name: p.rows for p in preview.people_to_create}
    assert new_people["伍星"] == [13]  # the row of the Word table that named him


def test_every_committed_import_writes_one_audit_line(park, supervisor):
    import_file(SAMPLE_DOCX, user=supervisor)

    line = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert line.username == "supervisor"
    assert "ledger-2023-gov-report-tasks.docx" in line.detail
    assert "新增任务8" in line.detail and "新增章节4" in line.detail


# -- other layouts ------------------------------------------------------------------------------------


def test_synonyms_half_width_headings_vertical_merges_and_deadlines_in_excel(park, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年重点工作任务台账"])
    sheet.append(["日期：2024年7月5日"])
    sheet.append(["序号", "工作任务", "责任领导", "责任单位", "协办单位", "园区责任领导", "进展情况及存在问题", "时间节点"])
    sheet.append(["一、招商引资"])
    sheet.merge_cells("A4:H4")
    sheet.append(["(一)项目落地"])
    sheet.merge_cells("A5:H5")
    sheet.append([1, "新签约项目20个以上。", "周  洁", "商务局", "高新区", "王晓君", "已签约12个。", "2024年12月底"])
    sheet.append([2, "盘活土地100亩以上。", None, "自然资源局\n高新区", None, "徐舒笠", "共盘活土地40亩。", "11月25日前"])
    sheet.merge_cells("C6:C7")  # one county leader for both tasks
    path = tmp_path / "台账.xlsx"
    book.save(path)

    preview, _ = import_file(path, plan="2024年重点工作")

    assert preview.period == date(2024, 6, 1) and preview.year == 2024
    assert [(s.heading, s.parent) for s in preview.sections] == [("一、招商引资", None), ("（一）项目落地", "一、招商引资")]
    first, second = Task.objects.filter(plan__name="2024年重点工作").with_listing_data().order_by("position")
    assert (first.number, first.text, first.deadline) == ("1", "新签约项目20个以上。", date(2024, 12, 31))
    assert [p.name for p in second.county_leaders] == ["周洁"]
    assert [u.name for u in second.lead_units] == ["自然资源局", "高新区"]
    assert second.deadline == date(2024, 11, 25)
    assert second.section.heading == "（一）项目落地"


def test_deadlines_are_read_as_people_write_them():
    assert parse_deadline("2023年11月25日前", 2023) == date(2023, 11, 25)
    assert parse_deadline("12月底前", 2023) == date(2023, 12, 31)
    assert parse_deadline("2024-02-29", 2023) == date(2024, 2, 29)
    assert parse_deadline("年底", 2023) == date(2023, 12, 31)
    assert parse_deadline("长期坚持", 2023) is None


# -- row problems ---------------------------------------------------------------------------------------


def test_row_problems_are_listed_by_row_and_block_the_commit(park, tmp_path):
    path = write(tmp_path, "有问题的一览表.docx", ledger_docx([
        "二、坚持以“提质”促“提升”",
        ["坚持工业强县战略不动摇。", "周洁", "工信局", "", "王晓君", ""],              # row 3: no number
        ["19.创建省级绿色园区。", "周洁", "", "商务局", "廖国峰", ""],                   # row 4: no lead unit
        ["20.加快三期开发。", "周洁", "发改委", "", "廖国峰", ""],
        ["20.常态化开展闲置企业盘活。", "周洁", "高新区", "", "王晓君", ""],             # row 6: duplicate
        ["", "", "高新区", "", "", "已完成。"],                                           # row 7: text astray
        ["21.开展“节地增效”行动。", "已完成福得来家具等10家企业资产转让，共盘活土地357亩", "高新区", "", "", ""],
    ]))
    before = db_counts()

    preview = preview_file(path)

    errors = {(p.row, p.message) for p in preview.errors}
    assert (3, "任务“坚持工业强县战略不动摇。…”没有序号：“重点工作”应以“9.”这样的编号开头，或填写“序号”列。") in errors
    assert (4, "19号任务没有牵头单位。") in errors
    assert (6, "序号“20”与第5行重复。") in errors
    assert any(row == 7 and "“重点工作”为空" in message for row, message in errors)
    assert any(row == 8 and "不像人名" in message for row, message in errors)
    with pytest.raises(ImportRejected):
        LedgerImporter(plan_name=PLAN).commit(preview)
    assert db_counts() == before


def test_a_ledger_without_a_date_needs_a_period(park, tmp_path):
    path = write(tmp_path, "无日期.docx", ledger_docx(
        [["9.力争工业营业收入达到720亿元。", "周洁", "工信局", "", "王晓君", "1-10月营业收入380亿元。"]],
        date_line=""))

    assert "无法确定完成情况所属期间" in str(preview_file(path).errors[0])
    assert not preview_file(path, period=date(2023, 10, 1)).has_errors


# -- the pages ------------------------------------------------------------------------------------------


def test_supervisor_uploads_previews_and_confirms(client, park, supervisor, settings):
    UnitFactory(park=park, name="工信局")
    client.force_login(supervisor)
    url = reverse("supervision:ledger_import")

    response = client.post(url, {"step": "upload", "file": upload(SAMPLE_DOCX), "plan": PLAN, "period": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "将新建人员（9）" in page and "周洁（县级领导）" in page
    assert "将新建单位（11）" in page and "中寰集团（国有企业）" in page
    assert "工信局（县直部门）" not in page  # already known
    assert "（三）提升园区承载水平。" in page and "1-10月园区规上企业营业收入380亿元。" in page
    assert "19号任务的完成情况中没有找到以万元计的完成数" in page
    assert Task.objects.count() == 0
    kept = list((settings.MEDIA_ROOT / "imports").iterdir())
    assert len(kept) == 1 and kept[0].suffix == ".docx"

    token = client.session["ledger_import"]["token"]
    response = client.post(url, {"step": "confirm", "token": token})

    plan = Plan.objects.get(name=PLAN)
    assert response.status_code == 302 and response.url == reverse("supervision:plan_detail", args=[plan.pk])
    assert Task.objects.filter(plan=plan).count() == 8
    assert not kept[0].exists() and "ledger_import" not in client.session
    page = client.get(response.url).content.decode()
    assert "已导入“ledger-2023-gov-report-tasks.docx”" in page


def test_preview_shows_row_problems_in_red_and_confirm_writes_nothing(client, park, supervisor, tmp_path):
    path = write(tmp_path, "缺牵头单位.docx", ledger_docx([["9.力争达到720亿元。", "周洁", "", "", "王晓君", ""]]))
    client.force_login(supervisor)
    url = reverse("supervision:ledger_import")

    page = client.post(url, {"step": "upload", "file": upload(path), "plan": PLAN}).content.decode()

    assert "text-danger" in page and "第2行：9号任务没有牵头单位。" in page
    assert 'value="confirm" disabled' in page
    before = db_counts()
    response = client.post(url, {"step": "confirm", "token": client.session["ledger_import"]["token"]})
    assert response.status_code == 200 and "9号任务没有牵头单位" in response.content.decode()
    assert db_counts() == before


def test_a_bad_file_is_refused_on_the_form(client, park, supervisor, settings):
    client.force_login(supervisor)
    fake = SimpleUploadedFile("一览表.docx", "这是一个改了扩展名的文本文件".encode())

    page = client.post(reverse("supervision:ledger_import"), {"step": "upload", "file": fake, "plan": PLAN})

    assert "文件“一览表.docx”的内容不是允许的类型" in page.content.decode()
    assert not (settings.MEDIA_ROOT / "imports").exists()
    assert Plan.objects.count() == 0


def test_confirm_without_the_session_token_imports_nothing(client, park, supervisor):
    client.force_login(supervisor)
    url = reverse("supervision:ledger_import")
    client.post(url, {"step": "upload", "file": upload(SAMPLE_DOCX), "plan": PLAN})

    response = client.post(url, {"step": "confirm", "token": "0" * 32})

    assert response.status_code == 302 and response.url == url
    assert Task.objects.count() == 0


@pytest.mark.parametrize("role", [Role.REPORTER, Role.LEADER, Role.VIEWER])
def test_only_supervisors_may_import(client, park, unit, role):
    user = UserFactory(username=f"u-{role}", role=role, unit=unit if role == Role.REPORTER else None)
    client.force_login(user)
    url = reverse("supervision:ledger_import")

    assert client.get(url).status_code == 403
    assert client.post(url, {"step": "upload", "file": upload(SAMPLE_DOCX), "plan": PLAN}).status_code == 403
    assert Task.objects.count() == 0 and Section.objects.count() == 0
