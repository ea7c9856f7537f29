"""The 企业诉求台账 imports in the layouts parks keep (only 企业名称 and 诉求内容 required), each request on
its clock from the day it was filed, resolved and rated as the ledger says; a second import adds nothing;
the exported ledger imports back unchanged; a wrong cell is named in Chinese and nothing is written."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core.imports import CREATE, UNCHANGED
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.services.choices import Category, Rating, Source, Status
from parkops.services.importers import RequestLedgerImporter
from parkops.services.models import ServiceRequest
from parkops.services.tests import ledgers
from parkops.testing.factories import EnterpriseFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def supervisor(db):
    return UserFactory(role=Role.SUPERVISOR)


def imported(park, upload, user):
    importer = RequestLedgerImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, preview.errors
    importer.commit(preview, user=user)
    return preview


def test_the_committees_ledger_imports_resolved_rated_and_on_its_clock(park, supervisor):
    for name in ("工信局", "生态环境局", "自然资源局"):
        UnitFactory(park=park, name=name)
    registered = EnterpriseFactory(park=park, name="江西乾照光电有限公司")
    preview = imported(park, ledgers.full(), supervisor)

    assert [line.action for line in preview.lines] == [CREATE] * 5
    assert [u.name for u in preview.units_to_create] == ["丰林镇"]
    assert ServiceRequest.objects.filter(park=park, source=Source.LEDGER).count() == 5
    power = ServiceRequest.objects.get(enterprise_name="江西乾照光电有限公司")
    assert power.enterprise == registered and power.category == Category.UTILITIES
    assert (power.status, power.resolved_on, power.rating) == (Status.RESOLVED, date(2025, 10, 20), Rating.SATISFIED)
    assert power.resolve_due == date(2025, 10, 31)  # the ledger's own 办理时限
    loan = ServiceRequest.objects.get(enterprise_name="德安精密模具有限公司")
    assert (loan.status, str(loan.unit), loan.enterprise) == (Status.ROUTED, "工信局", None)
    assert loan.resolve_due == date(2025, 11, 3)  # 15 working days from 13 October
    assert ServiceRequest.objects.get(enterprise_name="江西和首纺织有限公司").rating == Rating.UNSATISFIED
    assert Unit.objects.filter(park=park, name="丰林镇").exists()

    again = RequestLedgerImporter(park=park).preview(ledgers.full())
    assert [line.action for line in again.lines] == [UNCHANGED] * 5


def test_a_list_with_only_the_enterprise_and_the_problem_imports(park, supervisor):
    imported(park, ledgers.minimal(), supervisor)
    requests = ServiceRequest.objects.filter(park=park).order_by("pk")
    assert [(r.enterprise_name, r.category, r.status, r.filed_on) for r in requests] == [
        ("江西乾照光电有限公司", Category.OTHER, Status.SUBMITTED, TODAY),
        ("德安精密模具有限公司", Category.OTHER, Status.SUBMITTED, TODAY)]
    assert requests[0].contact == "张经理 13800000000"


def test_a_towns_word_table_under_other_headers_imports(park, supervisor):
    preview = imported(park, ledgers.town_word(), supervisor)
    assert [u.name for u in preview.units_to_create] == ["县金融办"]
    loan = ServiceRequest.objects.get(enterprise_name="江西和首纺织有限公司")
    assert (loan.category, loan.filed_on, loan.resolved_on, loan.rating) == (
        Category.FINANCE, date(2025, 10, 9), date(2025, 10, 20), Rating.FAIRLY)


def test_wrong_cells_are_named_and_nothing_is_written(park, supervisor):
    preview = RequestLedgerImporter(park=park).preview(ledgers.with_a_bad_date())
    messages = [p.message for p in preview.errors]
    assert "提出时间“十月上旬”无法识别。" in messages
    assert "满意度“还行”无法识别。" in messages
    assert "请填写企业名称。" in messages
    assert ServiceRequest.objects.count() == 0


def test_the_exported_ledger_imports_back_unchanged(park, supervisor):
    imported(park, ledgers.full(), supervisor)
    client = Client()
    client.force_login(supervisor)
    exported = client.get(reverse("services:request_list") + "?export=xlsx").content
    preview = RequestLedgerImporter(park=park).preview(SimpleUploadedFile("导出.xlsx", exported,
                                                                          content_type=ledgers.XLSX))
    assert not preview.errors, preview.errors
    assert [line.action for line in preview.lines] == [UNCHANGED] * 5


def test_the_command_previews_as_json_then_imports(park, supervisor, tmp_path):
    path = tmp_path / "企业诉求台账.xlsx"
    path.write_bytes(ledgers.minimal().read())
    out = StringIO()
    call_command("import_requests", str(path), "--dry-run", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["count"] == 2 and report["requests"][0]["enterprise"] == "江西乾照光电有限公司"
    assert ServiceRequest.objects.count() == 0
    call_command("import_requests", str(path), stdout=StringIO())
    assert ServiceRequest.objects.count() == 2


def test_the_import_page_previews_then_writes(park, supervisor):
    client = Client()
    client.force_login(supervisor)
    page = client.post(reverse("services:ledger_import"), {"file": ledgers.minimal()}).content.decode()
    assert "诉求2件" in page and "三季度订单增加" in page
    assert ServiceRequest.objects.count() == 0
