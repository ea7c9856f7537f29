"""The 隐患排查整改台账 written from the seeds imports in either layout, carried round the loop as far as each row
says; imports again unchanged; exports to .xlsx and imports back unchanged; and `parkops import-hazards
--json` lists every record. Only 企业名称 and 隐患描述 are required."""

import json
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.imports import CREATE, UNCHANGED, UPDATE
from parkops.safety.choices import Level, PlaceKind, Status
from parkops.safety.importers import HazardLedgerImporter
from parkops.safety.models import Hazard, Inspection
from parkops.safety.tests import ledgers
from parkops.testing.factories import EnterpriseFactory, UnitFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def imported(park, upload, user=None):
    importer = HazardLedgerImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, preview.errors
    importer.commit(preview, user=user)
    return preview


def test_the_committee_ledger_imports_each_hazard_as_far_round_the_loop_as_it_says(park, supervisor):
    registered = EnterpriseFactory(park=park, name="德安金鑫铸造有限公司")
    preview = imported(park, ledgers.committee(), supervisor)
    assert [line.action for line in preview.lines] == [CREATE] * 5

    states = dict(Hazard.objects.values_list("enterprise_name", "status"))
    assert states == {"江西和首纺织有限公司": Status.CLOSED, "德安金鑫铸造有限公司": Status.RECTIFYING,
                      "九江宏发陶瓷有限公司": Status.ISSUED, "德安县聚福楼餐馆": Status.AWAITING_RECHECK,
                      "江西亿达包装有限公司": Status.REGISTERED}
    major = Hazard.objects.get(enterprise_name="德安金鑫铸造有限公司")
    assert (major.level, major.enterprise, major.notice_number != "") == (Level.MAJOR, registered, True)
    closed = Hazard.objects.get(enterprise_name="江西和首纺织有限公司")
    assert (closed.rechecked_by, f"{closed.deadline}") == ("李督办", "2025-09-13")
    assert [s.step for s in closed.steps.all()] == ["register", "issue", "start", "report", "recheck_pass"]
    # An inspection a day and place; the eatery is a 九小场所.
    assert Inspection.objects.count() == 5
    assert Inspection.objects.get(place_name="德安县聚福楼餐馆").place_kind == PlaceKind.SMALL_PLACE

    again = HazardLedgerImporter(park=park).preview(ledgers.committee())
    assert [line.action for line in again.lines] == [UNCHANGED] * 5


def test_the_town_layout_reads_other_headers_headings_and_months(park, supervisor):
    preview = imported(park, ledgers.town(), supervisor)
    assert len(preview.lines) == 3 and preview.major_count == 1
    hazards = {h.enterprise_name: h for h in Hazard.objects.all()}
    assert hazards["江西永安电力设备有限公司"].status == Status.CLOSED  # 是否销号: 是
    assert f"{hazards['江西永安电力设备有限公司'].deadline}" == "2025-10-31"  # 2025年10月底
    assert hazards["江西天瑞新材料有限公司"].status == Status.RECTIFYING
    assert hazards["江西天瑞新材料有限公司"].major_category == "confined_space"  # read from “有限空间”
    assert hazards["丰林镇兴旺汽修店"].inspection.place_address == "丰林镇中街8号"
    assert [line.action for line in HazardLedgerImporter(park=park).preview(ledgers.town()).lines] == [UNCHANGED] * 3


def test_a_ledger_moves_a_hazard_forward_never_back(park, supervisor):
    imported(park, ledgers.committee(), supervisor)
    rows = list(ledgers.COMMITTEE_ROWS)
    rows[1] = (*rows[1][:8], "已整改，监测装置已安装并联锁", "陈安")  # 金鑫: now done and rechecked
    rows[0] = (*rows[0][:8], "", "")  # 和首: the ledger forgot it was closed
    preview = imported(park, ledgers.committee(rows=rows), supervisor)
    assert [line.action for line in preview.lines[:2]] == [UNCHANGED, UPDATE]
    assert Hazard.objects.get(enterprise_name="德安金鑫铸造有限公司").status == Status.CLOSED
    assert Hazard.objects.get(enterprise_name="江西和首纺织有限公司").status == Status.CLOSED


def test_only_the_enterprise_and_the_description_are_required(park, supervisor):
    imported(park, ledgers.only_required(), supervisor)
    hazard = Hazard.objects.get()
    assert (hazard.enterprise_name, hazard.description, hazard.status) == ("德安华盛木业有限公司", "锯切设备防护罩缺失",
                                                                           Status.REGISTERED)


def test_the_export_imports_back_unchanged(park, supervisor, unit):
    UnitFactory(park=park, name="应急管理局")
    imported(park, ledgers.committee(), supervisor)
    imported(park, ledgers.town(), supervisor)
    client = Client()
    client.force_login(supervisor)
    exported = client.get(reverse("safety:hazard_list") + "?export=xlsx")
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    sheet = load_workbook(BytesIO(content)).active
    assert sheet.max_row >= 9
    again = HazardLedgerImporter(park=park).preview(SimpleUploadedFile("导出.xlsx", content, content_type=XLSX))
    assert not again.errors, again.errors
    assert [line.action for line in again.lines] == [UNCHANGED] * 8


def test_the_command_lists_every_record_as_json_and_writes_nothing_on_a_dry_run(park, tmp_path):
    path = tmp_path / "隐患排查整改台账.xlsx"
    path.write_bytes(ledgers.committee().read())
    out = StringIO()
    call_command("import_hazards", str(path), "--dry-run", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert listed["count"] == 5 and [h["enterprise"] for h in listed["hazards"]][:2] == ["江西和首纺织有限公司",
                                                                                       "德安金鑫铸造有限公司"]
    assert listed["hazards"][0]["status"] == "复查通过已关闭" and listed["hazards"][1]["level"] == "重大隐患"
    assert not Hazard.objects.exists()


def test_a_row_without_its_enterprise_refuses_the_file(park):
    rows = (*ledgers.COMMITTEE_ROWS, ("", "2025-09-10", "仓库", "灭火器过期", "一般", "", "", "", "", ""))
    preview = HazardLedgerImporter(park=park).preview(ledgers.committee(rows=rows))
    assert any("未填写企业名称" in p.message for p in preview.errors)
