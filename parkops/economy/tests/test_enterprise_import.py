"""Importing the enterprise registry (企业名录): rows matched on the credit code, changes only where a
cell says something new, every problem listed by row with nothing written, the page and the command."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from parkops.core.imports import ImportRejected, open_path
from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import registry
from parkops.economy.enterprise_cells import read_honours, read_month
from parkops.economy.enterprise_import import EnterpriseImporter
from parkops.economy.models import Enterprise, Honour, IndustryChain, ScaleMembership
from parkops.org.models import Zone
from parkops.testing.factories import EnterpriseFactory, IndustryChainFactory, ZoneFactory, credit_code

HEADER = ["序号", "统一社会信用代码", "企业名称", "简称", "法定代表人", "联系人", "联系电话", "片区", "行业代码",
          "行业名称", "产业链", "用地面积（亩）", "建筑面积", "从业人员", "是否规上", "入规时间", "荣誉", "党组织",
          "党员人数"]
HEAVY_CODE, COPPER_CODE, OPTO_CODE = credit_code(101), credit_code(102), credit_code(103)
HEAVY = ["1", HEAVY_CODE, "江西德安重工机械有限公司", "德安重工", "王建国", "李敏", "13907920001", "北区", "3434",
         "连续搬运设备制造", "装备制造", "120.5", "56000", "860", "是", "2021-03", "高新技术企业(2023)、省级智能工厂(2022)",
         "单建", "23"]
COPPER = ["2", COPPER_CODE, "德安铜业新材料有限公司", "", "陈志强", "", "", "丰林新区", "3251", "铜压延加工", "有色金属",
          "45", "", "210", "是", "2020年1月", "", "联建", "6"]
OPTO = ["3", OPTO_CODE, "江西晶芯光电科技有限公司", "晶芯光电", "", "", "", "北区", "3976", "光电子器件制造", "光电信息",
        "30", "", "95", "否", "", "创新型中小企业", "无", "0"]
ROWS = [HEAVY, COPPER, OPTO]


def sheet(rows: list[list[str]] = ROWS, *, header: list[str] = HEADER, title: str = "高新区企业名录") -> bytes:
    book = Workbook()
    ws = book.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def changed(row: list[str], cells: dict[str, str]) -> list[str]:
    """A copy of a row with some cells, named by their header, changed."""
    row = list(row)
    for header, value in cells.items():
        row[HEADER.index(header)] = value
    return row


def write(tmp_path, content: bytes, name: str = "企业名录.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def preview_of(path, **options):
    with open_path(path) as file:
        return EnterpriseImporter(**options).preview(file)


def import_file(path, *, user=None, **options):
    importer = EnterpriseImporter(**options)
    with open_path(path) as file:
        preview = importer.preview(file)
    return preview, importer.commit(preview, user=user)


def db_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        Enterprise, Enterprise.history.model, Honour, ScaleMembership, ScaleMembership.history.model, Zone,
        IndustryChain, AuditEntry)}


@pytest.fixture
def places(park):
    """The park knows its 北区 and its 装备制造 chain; the sheet names others as well."""
    return ZoneFactory(park=park, name="北区"), IndustryChainFactory(park=park, name="装备制造", position=1)


# --- reading cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2021-03", "2021年3月", "2021.3", "2021/03", "202103", "2021-03-15", "2021年03月份"])
def test_months_are_read_as_people_write_them(text):
    assert read_month(text) == date(2021, 3, 1)


def test_honours_are_split_and_read_with_their_years():
    entries = read_honours("高新技术企业(2023)、专精特新中小企业（2024年）；\n省级智能工厂，2022年数智工厂")

    assert [(e.name, e.year) for e in entries] == [("高新技术企业", 2023), ("专精特新中小企业", 2024),
                                                   ("省级智能工厂", None), ("数智工厂", 2022)]
    assert read_honours("无") == []


# --- creating, updating, unchanged -------------------------------------------------------------------


def test_a_registry_sheet_creates_enterprises_zones_and_chains(park, places, tmp_path, supervisor):
    path = write(tmp_path, sheet())

    preview = preview_of(path)
    assert preview.counts == {"新增": 3, "更新": 0, "不变": 0}
    assert [(z.name, z.rows) for z in preview.zones_to_create] == [("丰林新区", [4])]
    assert [(c.name, c.rows) for c in preview.chains_to_create] == [("有色金属", [4]), ("光电信息", [5])]
    assert not preview.errors

    _, outcome = import_file(path, user=supervisor)

    assert outcome.counts["新增企业"] == 3 and outcome.counts["新增片区"] == 1 and outcome.counts["新增产业链"] == 2
    heavy = Enterprise.objects.get(credit_code=HEAVY_CODE)
    assert (heavy.name, heavy.short_name, heavy.legal_representative, heavy.contact_phone) == (
        "江西德安重工机械有限公司", "德安重工", "王建国", "13907920001")
    assert (heavy.zone.name, heavy.chain.name, heavy.industry_code, heavy.industry_name) == (
        "北区", "装备制造", "3434", "连续搬运设备制造")
    assert (heavy.land_mu, heavy.floor_area, heavy.employees) == (Decimal("120.5"), Decimal(56000), 860)
    assert (heavy.party_organisation, heavy.party_members) == ("single", 23)
    assert sorted(heavy.honours.values_list("name", "awarded_on")) == [
        ("省级智能工厂", date(2022, 1, 1)), ("高新技术企业", date(2023, 1, 1))]
    assert heavy.scale_memberships.get().entered_period == date(2021, 3, 1)
    copper = Enterprise.objects.get(credit_code=COPPER_CODE)
    assert copper.zone.park == park and copper.chain.name == "有色金属" and copper.party_organisation == "joint"
    opto = Enterprise.objects.get(credit_code=OPTO_CODE)
    assert not opto.scale_memberships.exists() and opto.party_organisation == "none"
    line = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert line.object_type == "企业名录" and "新增企业3" in line.detail and line.username == "supervisor"
    assert heavy.history.get().history_change_reason == "由企业名录“企业名录.xlsx”导入"


def test_importing_the_same_sheet_again_changes_nothing(park, places, tmp_path):
    path = write(tmp_path, sheet())
    import_file(path)
    before = db_counts()

    preview, outcome = import_file(path)

    assert preview.counts == {"新增": 0, "更新": 0, "不变": 3}
    assert not preview.zones_to_create and not preview.chains_to_create
    assert outcome.summary() == "未变企业3"
    after = db_counts()
    assert after.pop("AuditEntry") == before.pop("AuditEntry") + 1  # the import's own line, nothing else
    assert after == before


def test_a_changed_sheet_updates_only_what_it_changes(park, places, tmp_path, supervisor):
    import_file(write(tmp_path, sheet()))
    heavy = Enterprise.objects.get(credit_code=HEAVY_CODE)
    heavy.contact_person = "赵丽"  # changed on the page since; the sheet's blank cell must not undo it
    heavy.save()
    rows = [
        changed(HEAVY, {"用地面积（亩）": "121", "荣誉": "高新技术企业(2023)、专精特新中小企业(2025)", "联系人": ""}),
        changed(COPPER, {"企业名称": "江西德安铜业新材料股份有限公司", "是否规上": "否", "入规时间": ""}),
        OPTO,
    ]

    preview = preview_of(write(tmp_path, sheet(rows), "名录2.xlsx"))

    lines = {line.credit_code: line for line in preview.lines}
    assert lines[HEAVY_CODE].changes == ["用地面积（亩）", "荣誉"]
    assert lines[COPPER_CODE].changes == ["企业名称", "退规"]
    assert lines[OPTO_CODE].action == "unchanged"
    assert any("原为规上企业" in p.message for p in preview.problems_for(4))  # no 退规时间: this month, said so

    EnterpriseImporter().commit(preview, user=supervisor)

    heavy.refresh_from_db()
    assert heavy.land_mu == Decimal(121) and heavy.contact_person == "赵丽"
    assert heavy.honours.count() == 3  # 省级智能工厂 stays though the sheet no longer writes it
    copper = Enterprise.objects.get(credit_code=COPPER_CODE)
    assert copper.name == "江西德安铜业新材料股份有限公司"
    assert copper.scale_memberships.get().left_period == registry.this_month()
    update = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="企业", object_id=str(heavy.pk)).first()
    assert update.before == {"land_mu": "120.50"} and update.after == {"land_mu": "121.00"}


def test_other_header_names_are_understood(park, tmp_path):
    header = ["信用代码", "单位名称", "法人代表", "手机", "所在片区", "国民经济行业代码", "所属行业", "主导产业",
              "占地面积(亩)", "职工人数", "规上企业", "入规时间", "企业荣誉", "党组织", "党员人数"]
    row = [HEAVY_CODE, "江西德安重工机械有限公司", "王建国", "13907920001", "北区", "3434", "连续搬运设备制造",
           "装备制造", "120.5亩", "860人", "是", "2021年3月", "高新技术企业\n数智工厂(2024)", "联合组建", "23"]

    import_file(write(tmp_path, sheet([row], header=header)))

    heavy = Enterprise.objects.get()
    assert (heavy.legal_representative, heavy.zone.name, heavy.chain.name, heavy.land_mu, heavy.employees) == (
        "王建国", "北区", "装备制造", Decimal("120.5"), 860)
    assert heavy.party_organisation == "joint" and heavy.scale_memberships.get().entered_period == date(2021, 3, 1)
    assert sorted(heavy.honours.values_list("name", flat=True)) == ["数智工厂", "高新技术企业"]


def test_a_scale_enterprise_without_a_month_enters_from_the_month_chosen(park, places, tmp_path):
    path = write(tmp_path, sheet([changed(COPPER, {"入规时间": ""})]))

    preview, _ = import_file(path, default_scale_period=date(2024, 1, 1))

    assert ScaleMembership.objects.get().entered_period == date(2024, 1, 1)
    assert any("未填入规时间，按2024年1月入规登记（第3行）" in p.message for p in preview.warnings)


def test_a_new_code_with_a_registered_name_is_flagged(park, places, tmp_path):
    EnterpriseFactory(park=park, name="江西德安重工机械有限公司", credit_code=credit_code(7))

    preview = preview_of(write(tmp_path, sheet([HEAVY])))

    assert any("已有同名企业" in p.message and credit_code(7) in p.message for p in preview.problems_for(3))


def test_the_lists_own_export_imports_back_unchanged(park, places, tmp_path, supervisor):
    import_file(write(tmp_path, sheet()))
    client = Client()
    client.force_login(supervisor)
    exported = client.get(reverse("economy:enterprise_list"), {"export": "xlsx"}).content

    preview = preview_of(write(tmp_path, exported, "导出.xlsx"))

    assert not preview.errors
    assert preview.counts == {"新增": 0, "更新": 0, "不变": 3}


# --- bad sheets ----------------------------------------------------------------------------------------


def test_a_malformed_sheet_lists_every_problem_by_row_and_writes_nothing(park, places, tmp_path):
    rows = [
        changed(HEAVY, {"统一社会信用代码": HEAVY_CODE[:17] + ("A" if HEAVY_CODE[17] != "A" else "B")}),
        changed(COPPER, {"用地面积（亩）": "四十五", "党组织": "支部"}),
        changed(OPTO, {"统一社会信用代码": COPPER_CODE}),
        changed(OPTO, {"统一社会信用代码": "", "序号": "4"}),
        changed(OPTO, {"统一社会信用代码": credit_code(104), "是否规上": "大概", "入规时间": "去年", "从业人员": "95.5"}),
    ]
    path = write(tmp_path, sheet(rows))
    before = db_counts()

    preview = preview_of(path)

    assert [(p.row, p.message) for p in preview.errors] == [
        (3, f"统一社会信用代码“{rows[0][1]}”的校验位应为“{HEAVY_CODE[17]}”，实为“{rows[0][1][17]}”，请核对是否抄错。"),
        (4, "“用地面积（亩）”应为数字，收到“四十五”。"),
        (4, "“党组织”应为“无”“单独组建（单建）”或“联合组建（联建）”，收到“支部”。"),
        (5, f"统一社会信用代码{COPPER_CODE}与第4行重复。"),
        (6, "“统一社会信用代码”为空（江西晶芯光电科技有限公司），企业按信用代码登记，请补填。"),
        (7, "“从业人员”应为整数，收到“95.5”。"),
        (7, "“是否规上”应为“是”或“否”，收到“大概”。"),
        (7, "“入规时间”应为年月（如2023-01或2023年1月），收到“去年”。"),
    ]
    with pytest.raises(ImportRejected):
        EnterpriseImporter().commit(preview)
    assert db_counts() == before


def test_a_code_excel_turned_into_a_number_is_explained(park, tmp_path):
    digits_only = "914403001922038216"  # a real code whose check character is a digit
    row = changed(HEAVY, {"统一社会信用代码": int(digits_only)})  # typed into a number cell

    [problem] = preview_of(write(tmp_path, sheet([row]))).errors

    assert problem.row == 3 and "校验位" in problem.message and "请将该列设为文本格式" in problem.message


def test_a_sheet_without_the_credit_code_column_is_refused(park, tmp_path):
    from parkops.core.imports import ImportFileError

    header = [h for h in HEADER if h != "统一社会信用代码"]
    with pytest.raises(ImportFileError, match="缺少“统一社会信用代码”（也可写作“信用代码”、“社会信用代码”"):
        preview_of(write(tmp_path, sheet([[c for i, c in enumerate(HEAVY) if i != 1]], header=header)))


# --- the page ----------------------------------------------------------------------------------------

URL = reverse("economy:enterprise_import")


def upload(content: bytes, name: str = "企业名录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_supervisor_uploads_previews_and_confirms(park, places, supervisor, settings):
    client = Client()
    client.force_login(supervisor)

    page = client.post(URL, {"step": "upload", "file": upload(sheet())}).content.decode()

    assert "新增 3" in page and "江西德安重工机械有限公司" in page and HEAVY_CODE in page
    assert "将新建片区（1）" in page and "丰林新区" in page and "将新建产业链（2）" in page
    assert "2021年3月" in page and "高新技术企业(2023)" in page
    assert not Enterprise.objects.exists()

    response = client.post(URL, {"step": "confirm", "token": client.session["enterprise_registry_import"]["token"]})

    assert response.status_code == 302 and response.url == reverse("economy:enterprise_list")
    assert Enterprise.objects.count() == 3
    assert "已导入“企业名录.xlsx”：新增企业3，新增片区1，新增产业链2" in client.get(response.url).content.decode()
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())


def test_a_sheet_with_errors_cannot_be_confirmed_and_writes_nothing(park, places, supervisor):
    client = Client()
    client.force_login(supervisor)
    before = db_counts()

    page = client.post(URL, {"step": "upload", "file": upload(sheet([
        HEAVY, changed(COPPER, {"用地面积（亩）": "四十五"})]))}).content.decode()

    assert "第4行：“用地面积（亩）”应为数字，收到“四十五”。" in page and 'value="confirm" disabled' in page
    response = client.post(URL, {"step": "confirm", "token": client.session["enterprise_registry_import"]["token"]})
    assert response.status_code == 200 and "四十五" in response.content.decode()
    assert db_counts() == before


def test_a_word_file_is_refused_on_the_form(park, supervisor):
    import docx

    document, buffer = docx.Document(), BytesIO()
    document.add_table(rows=2, cols=2).cell(0, 0).text = "统一社会信用代码"
    document.save(buffer)
    client = Client()
    client.force_login(supervisor)

    page = client.post(URL, {"step": "upload", "file": upload(buffer.getvalue(), "企业名录.docx")}).content.decode()

    assert "不是允许的类型" in page and not Enterprise.objects.exists()


# --- the command -------------------------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("import_enterprises", *args, stdout=out)
    return out.getvalue()


def test_the_command_dry_run_lists_what_it_would_do_and_writes_nothing(park, places, tmp_path):
    path = write(tmp_path, sheet())

    out = run(str(path), "--dry-run")

    assert "企业3家：新增3，更新0，不变0" in out and f"[新增] {HEAVY_CODE} 江西德安重工机械有限公司" in out
    assert "将新建片区1个：丰林新区（第4行）" in out and "将新建产业链2个：有色金属（第4行）、光电信息（第5行）" in out
    assert "试运行" in out and not Enterprise.objects.exists()


def test_the_command_imports_and_reports_json(park, places, tmp_path):
    path = write(tmp_path, sheet())

    data = json.loads(run(str(path), "--json", "--park", park.name))

    assert data["committed"] is True and data["counts"]["新增企业"] == 3
    assert data["enterprises"][0]["credit_code"] == HEAVY_CODE and data["enterprises"][0]["scale"] == "入规2021年3月"
    assert Enterprise.objects.count() == 3
    assert "不变3" in run(str(path))


def test_the_command_refuses_a_sheet_with_errors(park, places, tmp_path):
    path = write(tmp_path, sheet([changed(HEAVY, {"党组织": "支部"})]))

    with pytest.raises(CommandError, match="发现1处错误，未导入任何数据"):
        run(str(path))
    assert not Enterprise.objects.exists()
