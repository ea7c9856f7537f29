"""信访件 ledgers in the layouts parks keep import: the committee's 台账 and the 12345 hotline's 工单 export,
a ledger with nothing but 反映问题; importing again changes nothing; the module's own (masked) export
imports back unchanged and never overwrites a petitioner with his mask; `parkops import-cases --json`
lists every record, masked."""

import json
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core.imports import CREATE, UNCHANGED
from parkops.org.choices import Role
from parkops.stability.choices import CaseStatus
from parkops.stability.importers import CaseLedgerImporter
from parkops.stability.models import Case
from parkops.stability.tests import ledgers
from parkops.testing.factories import ParkFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def park():
    return ParkFactory()


def _import(park, upload):
    importer = CaseLedgerImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, preview.errors
    importer.commit(preview)
    return preview


def test_the_committee_ledger_imports_with_its_clocks_and_closings(park):
    preview = _import(park, ledgers.committee())
    assert [line.action for line in preview.lines] == [CREATE] * 4
    first = Case.objects.get(number="XF-2025-001")
    assert (first.source, first.kind, first.petitioner_name, first.status) == \
        ("petition_office", "petition", "王伟", CaseStatus.CLOSED)
    assert first.due_on == date(2025, 10, 31) and first.satisfaction == "satisfied"
    assert Case.objects.get(number="XF-2025-003").due_on == date(2025, 10, 24)  # 投诉: 13 working days
    fumes = Case.objects.get(content__contains="废气")
    assert fumes.due_on == date(2025, 10, 10) and fumes.satisfaction == "basically"
    assert str(fumes.handling_unit) == "生态环境局"


def test_the_hotline_export_imports_by_its_own_headers(park):
    preview = _import(park, ledgers.hotline())
    assert preview.count(CREATE) == 3
    consult = Case.objects.get(number="GD20250930001")
    assert (consult.source, consult.kind, consult.received_on) == ("hotline", "consult", date(2025, 9, 30))
    assert consult.due_on == date(2025, 10, 11) and consult.closed_on == date(2025, 10, 9)
    assert Case.objects.get(number="GD20250930002").source == "mayor_mailbox"
    assert Case.objects.get(number="GD20251009003").petitioner_phone == ""


def test_a_ledger_of_only_the_problems_imports(park):
    _import(park, ledgers.content_only())
    case = Case.objects.get()
    assert (case.source, case.kind, case.received_on) == ("hotline", "complaint", TODAY)


@pytest.mark.parametrize("layout", [ledgers.committee, ledgers.hotline])
def test_importing_again_changes_nothing(park, layout):
    _import(park, layout())
    again = CaseLedgerImporter(park=park).preview(layout())
    assert {line.action for line in again.lines} == {UNCHANGED}


def test_the_masked_export_imports_back_unchanged(park):
    _import(park, ledgers.committee())
    _import(park, ledgers.hotline())
    client = Client()
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    response = client.get(reverse("stability:case_list") + "?export=xlsx")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    exported = SimpleUploadedFile("导出.xlsx", body, content_type=ledgers.XLSX)
    preview = CaseLedgerImporter(park=park).preview(exported)
    assert len(preview.lines) == 7 and {line.action for line in preview.lines} == {UNCHANGED}, \
        [(line.row, line.changes) for line in preview.lines]
    CaseLedgerImporter(park=park).commit(preview)
    assert Case.objects.get(number="XF-2025-001").petitioner_phone == "13712345678"
    assert BytesIO(body).getvalue()[:2] == b"PK"


def test_the_command_lists_every_record_masked(park, tmp_path):
    path = tmp_path / "信访件办理台账.xlsx"
    path.write_bytes(ledgers.committee().read())
    out = StringIO()
    call_command("import_cases", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["count"] == 4 and len(data["cases"]) == 4
    assert data["cases"][0]["petitioner"] == "王*" and data["cases"][0]["phone"] == "137****5678"
    assert "13712345678" not in out.getvalue()
    assert not Case.objects.exists()
    call_command("import_cases", str(path), stdout=StringIO())
    assert Case.objects.count() == 4


def test_a_bad_date_is_refused_in_chinese(park):
    book = ledgers.Workbook()
    book.active.append(["反映问题", "受理时间"])
    book.active.append(["反映噪音", "九月底"])
    preview = CaseLedgerImporter(park=park).preview(ledgers._upload(book, "坏日期.xlsx"))
    assert "“受理时间”应为日期" in preview.errors[0].message


def test_the_import_page_previews_masked_then_writes(park):
    client = Client()
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    url = reverse("stability:case_import")
    page = client.post(url, {"step": "upload", "file": ledgers.hotline()}).content.decode()
    assert "信访件3件" in page and "赵*" in page and "136****1111" in page and "13600001111" not in page
    assert not Case.objects.exists()
    client.post(url, {"step": "confirm", "token": client.session["stability_case_import"]["token"]})
    assert Case.objects.count() == 3
