"""A petitioner's name and phone number are personal information: lists, pages and exports print them
masked (张** / 138****5678); only the supervisor and the handling unit's 填报员 may open them in full,
and each opening leaves an audit line saying who read whose, when."""

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.core.privacy import mask_name, mask_phone
from parkops.org.choices import Role
from parkops.testing.factories import CaseFactory, ParkFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case():
    park = ParkFactory()
    return CaseFactory(park=park, handling_unit=UnitFactory(park=park, name="城管局"), petitioner_name="张三丰",
                       petitioner_phone="13812345678", received_on=date(2025, 9, 30))


def test_masks_keep_the_surname_and_the_ends_of_the_number():
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳 娜") == "欧**"
    assert mask_phone("13812345678") == "138****5678"


def test_a_viewer_sees_the_petitioner_masked_and_cannot_open_him(case):
    viewer = logged_in(UserFactory(role=Role.VIEWER))
    listing = viewer.get(reverse("stability:case_list")).content.decode()
    page = viewer.get(reverse("stability:case_detail", args=[case.pk])).content.decode()
    for text in (listing, page):
        assert "张**" in text and "138****5678" in text
        assert "张三丰" not in text and "13812345678" not in text
    assert "查看完整信息" not in page
    assert viewer.get(reverse("stability:case_detail", args=[case.pk]) + "?show=personal").status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL).exists()


def test_the_handling_unit_opens_the_number_and_the_audit_log_says_so(case):
    handler = UserFactory(username="cgj", role=Role.REPORTER, unit=case.handling_unit)
    client = logged_in(handler)
    page = client.get(reverse("stability:case_detail", args=[case.pk])).content.decode()
    assert "查看完整信息" in page and "13812345678" not in page
    shown = client.get(reverse("stability:case_detail", args=[case.pk]) + "?show=personal").content.decode()
    assert "张三丰" in shown and "13812345678" in shown
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_PERSONAL)
    assert entry.username == "cgj" and entry.object_id == str(case.pk)
    assert "张**" in entry.detail and entry.at is not None


def test_another_units_reporter_cannot_reach_the_case(case):
    other = logged_in(UserFactory(role=Role.REPORTER, unit=UnitFactory(park=case.park, name="商务局")))
    assert other.get(reverse("stability:case_detail", args=[case.pk]) + "?show=personal").status_code == 403
    assert "噪音" not in other.get(reverse("stability:case_list")).content.decode()


def test_the_export_is_masked_even_for_the_supervisor(case):
    supervisor = logged_in(UserFactory(role=Role.SUPERVISOR))
    response = supervisor.get(reverse("stability:case_list") + "?export=xlsx")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [str(c) for row in load_workbook(BytesIO(body)).active.iter_rows(values_only=True) for c in row]
    assert "张**" in cells and "138****5678" in cells
    assert not any("13812345678" in c or "张三丰" in c for c in cells)
