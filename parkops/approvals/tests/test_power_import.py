"""The 赋权清单 imports in the layouts parks keep (only 事项名称 required): the committee's full list, a
county's short one under other headers, a Word table; a second import changes nothing; an exported list
imports back unchanged; a changed mode is kept in the history with the import as its reason; a wrong
cell is named in Chinese and nothing is written; `parkops import-powers` does the same from the shell."""

import json
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from parkops.approvals.choices import Mode
from parkops.approvals.importers import PowerListImporter
from parkops.approvals.models import ModeChange, Power
from parkops.approvals.tests import lists
from parkops.core.imports import CREATE, UNCHANGED, UPDATE
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def supervisor(db):
    return UserFactory(role=Role.SUPERVISOR)


def imported(park, upload, user):
    importer = PowerListImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, preview.errors
    importer.commit(preview, user=user)
    return preview


def test_the_committees_full_list_imports_every_column(park, supervisor):
    UnitFactory(park=park, name="自然资源局")
    preview = imported(park, lists.full(), supervisor)
    assert [line.action for line in preview.lines] == [CREATE] * 4
    assert sorted(u.name for u in preview.units_to_create) == ["住建局", "城管局"]
    seal = Power.objects.get(name="建设用地规划许可证核发")
    assert (seal.number, seal.mode, seal.statutory_days, seal.promised_days) == (2, Mode.SEAL, 20, 7)
    assert seal.source_unit.name == "自然资源局" and seal.material_lines == ["申请表", "规划设计条件"]
    assert seal.legal_basis == "《中华人民共和国城乡规划法》第三十七条"
    assert Power.objects.get(name="建筑工程安全监督备案").promised_days == 1  # 即办
    assert Power.objects.get(name="规划设计条件核定").mode == Mode.DIRECT
    assert ModeChange.objects.count() == 4


def test_a_countys_short_list_and_a_word_table_import_under_their_own_headers(park, supervisor):
    imported(park, lists.short(), supervisor)
    fire = Power.objects.get(name="建设工程消防验收备案")
    assert (fire.mode, fire.statutory_days, fire.promised_days, fire.source_unit.name) == (Mode.JOINT, 15, 10, "住建局")
    assert fire.material_lines == ["备案表", "竣工图纸"]
    assert Power.objects.get(name="企业投资项目备案").mode == Mode.INDEPENDENT
    road = Power.objects.get(name="临时占用城市道路许可")
    assert (road.mode, road.promised_days) == (Mode.JOINT, None)  # blank: a new power is 协同办
    imported(park, lists.word(), supervisor)
    assert Power.objects.get(name="户外广告设施设置审批").source_unit.name == "城管局"
    assert Power.objects.count() == 5


def test_a_second_import_changes_nothing_and_a_changed_mode_is_kept_in_the_history(park, supervisor):
    imported(park, lists.full(), supervisor)
    again = imported(park, lists.full(), supervisor)
    assert [line.action for line in again.lines] == [UNCHANGED] * 4
    rows = [list(row) for row in lists.FULL_ROWS]
    rows[2][4] = "独立办"  # 城镇污水排入排水管网许可 moves from 协同办 to 独立办
    moved = imported(park, lists.full(rows=rows), supervisor)
    assert [line.action for line in moved.lines] == [UNCHANGED, UNCHANGED, UPDATE, UNCHANGED]
    assert moved.lines[2].changes == ["办理方式"]
    change = ModeChange.objects.filter(power__name="城镇污水排入排水管网许可").last()
    assert (change.from_mode, change.to_mode, change.on) == (Mode.JOINT, Mode.INDEPENDENT, TODAY)
    assert "导入赋权清单" in change.reason


def test_the_exported_list_imports_back_unchanged(park, supervisor):
    imported(park, lists.full(), supervisor)
    imported(park, lists.short(), supervisor)
    client = Client()
    client.force_login(supervisor)
    response = client.get(reverse("approvals:power_list") + "?export=xlsx")
    book = load_workbook(BytesIO(response.content))
    assert [cell.value for cell in book.active[1]] == lists.FULL_HEADER
    before = list(Power.objects.order_by("pk").values())
    preview = imported(park, SimpleUploadedFile("导出的赋权清单.xlsx", response.content), supervisor)
    assert [line.action for line in preview.lines] == [UNCHANGED] * 7
    assert list(Power.objects.order_by("pk").values()) == before


def test_a_wrong_cell_is_named_and_nothing_is_written(park, supervisor):
    preview = PowerListImporter(park=park).preview(lists.bad())
    messages = [str(problem) for problem in preview.errors]
    assert any("办理方式“委托办理”无法识别" in m for m in messages)
    assert any("承诺时限长于法定时限" in m for m in messages)
    assert any("法定时限“二十天”无法识别" in m for m in messages)
    assert Power.objects.count() == 0


def test_an_exported_formula_is_written_as_text_not_run(park, supervisor):
    Power.objects.create(park=park, name="=HYPERLINK(\"http://x\",\"点我\")", mode=Mode.JOINT)
    client = Client()
    client.force_login(supervisor)
    book = load_workbook(BytesIO(client.get(reverse("approvals:power_list") + "?export=xlsx").content))
    # Kept as typed, as text a spreadsheet shows and does not run (so that the import reads it back).
    cell = book.active.cell(row=2, column=2)
    assert (cell.data_type, cell.value) == ("s", "=HYPERLINK(\"http://x\",\"点我\")")


def test_the_command_previews_with_dry_run_and_imports(park, supervisor, tmp_path):
    path = tmp_path / "赋权清单.xlsx"
    path.write_bytes(lists.full().read())
    out = StringIO()
    call_command("import_powers", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["count"], data["committed"], data["powers"][1]["mode"]) == (4, False, "审查签章+见章签章")
    assert Power.objects.count() == 0
    out = StringIO()
    call_command("import_powers", str(path), stdout=out)
    assert "已导入" in out.getvalue() and Power.objects.count() == 4
    assert Unit.objects.filter(name="城管局").exists()
    book = Workbook()
    book.active.append(["序号", "实施依据"])
    book.active.append([1, "某法"])
    wrong = tmp_path / "无事项名称.xlsx"
    book.save(wrong)
    with pytest.raises(CommandError, match="事项名称"):
        call_command("import_powers", str(wrong), stdout=StringIO())


def test_the_import_page_previews_then_writes(park, supervisor):
    client = Client()
    client.force_login(supervisor)
    page = client.post(reverse("approvals:power_import"), {"file": lists.full()})
    assert "赋权事项4项" in page.content.decode() and Power.objects.count() == 0
    token = client.session["approvals_power_import"]["token"]
    client.post(reverse("approvals:power_import"), {"step": "confirm", "token": token})
    assert Power.objects.count() == 4
