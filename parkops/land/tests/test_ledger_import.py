"""The 低效闲置工业用地处置台账 written from the seeds (13宗、536亩, the seven methods) imports in either layout,
imports again unchanged, exports to .xlsx and imports back unchanged: the totals agree throughout."""

import json
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.imports import CREATE, UNCHANGED
from parkops.core.models import AuditEntry
from parkops.land.choices import BUILTIN_METHODS, LedgerKind
from parkops.land.demo import SEED_TOTAL_MU
from parkops.land.importers import LandLedgerImporter
from parkops.land.models import DisposalCase, Parcel
from parkops.land.tests import ledgers

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def imported(park, upload, user=None):
    importer = LandLedgerImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, preview.errors
    importer.commit(preview, user=user)
    return preview


def total_mu(park) -> Decimal:
    return sum((p.area_mu for p in Parcel.objects.filter(park=park)), Decimal(0))


def test_the_seed_ledger_imports_with_its_13_parcels_536_mu_and_seven_methods(park, supervisor):
    preview = imported(park, ledgers.in_mu(), supervisor)

    assert [line.action for line in preview.lines] == [CREATE] * 13
    assert preview.total_mu == SEED_TOTAL_MU and not preview.warnings  # the 合计 row agrees
    assert Parcel.objects.filter(park=park).count() == 13 and total_mu(park) == Decimal("536")
    assert set(DisposalCase.objects.values_list("method__name", flat=True)) == set(BUILTIN_METHODS)
    parcel = Parcel.objects.get(holder_name="江西和首纺织有限公司")
    assert (parcel.area_mu, parcel.ledger_kind, parcel.cause) == (Decimal("45.60"), LedgerKind.IDLE, "企业停产，资金链断裂")
    assert (str(parcel.case.responsible_unit), str(parcel.case.leader), f"{parcel.case.deadline}") == \
        ("高新区管委会", "涂志峰", "2025-12-31")
    assert AuditEntry.objects.filter(detail__startswith="导入低效闲置工业用地处置台账“低效闲置工业用地处置台账.xlsx”").exists()

    again = LandLedgerImporter(park=park).preview(ledgers.in_mu())
    assert [line.action for line in again.lines] == [UNCHANGED] * 13


def test_the_town_layout_in_square_metres_reads_the_same_parcels(park, supervisor):
    preview = imported(park, ledgers.in_sqm(), supervisor)
    assert preview.total_mu == SEED_TOTAL_MU
    assert Parcel.objects.filter(ledger_kind=LedgerKind.IDLE).count() == 7
    assert Parcel.objects.get(holder_name="江西和首纺织有限公司").area_mu == Decimal("45.60")  # 30400㎡
    assert DisposalCase.objects.get(parcel__holder_name="德安华盛木业有限公司").deadline.isoformat() == "2026-03-31"

    # The committee's own layout of the same ledger changes nothing.
    assert [line.action for line in LandLedgerImporter(park=park).preview(ledgers.in_mu()).lines] == [UNCHANGED] * 13
    # Nor does the town's Word table.
    assert [line.action for line in LandLedgerImporter(park=park).preview(ledgers.in_sqm_docx()).lines] == \
        [UNCHANGED] * 13


def test_an_exported_ledger_imports_back_unchanged_and_its_totals_agree(park, supervisor):
    imported(park, ledgers.in_mu(), supervisor)
    client = Client()
    client.force_login(supervisor)
    response = client.get(reverse("land:parcel_list") + "?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content

    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "宗地编号", "原用地单位", "宗地位置", "面积（亩）")
    assert rows[-1][:5] == ("合计", None, "13宗", None, "536")
    preview = LandLedgerImporter(park=park).preview(SimpleUploadedFile("导出的台账.xlsx", content, content_type=XLSX))
    assert not preview.problems
    assert [line.action for line in preview.lines] == [UNCHANGED] * 13 and preview.total_mu == Decimal("536")


def test_a_ledger_whose_total_disagrees_is_flagged_and_a_bad_area_refused(park):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["原用地单位", "宗地位置", "面积（亩）", "处置方式", "完成时限"])
    sheet.append(["甲公司", "东区", "30", "收回", "2025年底"])
    sheet.append(["乙公司", "西区", "三十亩", "收回", "2025年底"])
    sheet.append(["合计", "", "60", "", ""])
    buffer = BytesIO()
    book.save(buffer)
    preview = LandLedgerImporter(park=park).preview(SimpleUploadedFile("台账.xlsx", buffer.getvalue()))
    assert [str(p) for p in preview.errors] == ["第3行：“面积（亩）”应为数字（亩或平方米），收到“三十亩”。"]
    assert "台账合计面积60亩，与各宗地面积之和30亩不一致，请核对。" in [p.message for p in preview.warnings]


def test_the_page_previews_then_writes(park, supervisor):
    client = Client()
    client.force_login(supervisor)
    url = reverse("land:ledger_import")
    page = client.post(url, {"step": "upload", "file": ledgers.in_sqm()}).content.decode()
    assert "宗地13宗，面积536亩" in page and not Parcel.objects.exists()
    client.post(url, {"step": "confirm", "token": client.session["land_ledger_import"]["token"]})
    assert Parcel.objects.count() == 13


def test_the_command_lists_each_parcel_with_holder_area_type_and_method(park, tmp_path):
    path = tmp_path / "处置台账.xlsx"
    path.write_bytes(ledgers.in_sqm().read())
    out = StringIO()
    call_command("import_land", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["count"], data["total_mu"], data["committed"]) == (13, "536", False)
    first = data["parcels"][0]
    assert (first["holder"], first["area_mu"], first["type"], first["method"]) == \
        ("江西和首纺织有限公司", "45.6", "闲置", "合作共建")
    assert not Parcel.objects.exists()

    out = StringIO()
    call_command("import_land", str(path), stdout=out)
    assert "已导入：新增宗地13" in out.getvalue() and Parcel.objects.count() == 13
