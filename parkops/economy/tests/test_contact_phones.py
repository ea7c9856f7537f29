"""Enterprise contacts' phone numbers are personal data (个人信息保护法; 等保 2.0 个人信息保护): the
supervisor and the leaders see them in full, and each page, export or API answer that shows one in full
leaves a "查看个人信息" line in the audit log; reporters and viewers see 138****1234, everywhere the
number appears (the enterprise's page and its history of changes, the registry export, the API).
"""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import registry
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UserFactory

API = "/api/economy/enterprises/"
LIST = reverse("economy:enterprise_list")
FULL, MASKED = "13812341234", "138****1234"
SEE_IN_FULL = [Role.SUPERVISOR, Role.LEADER]
SEE_MASKED = [Role.REPORTER, Role.VIEWER]


@pytest.fixture
def enterprise(park):
    return EnterpriseFactory(park=park, name="赣锋锂业", contact_person="王敏", contact_phone=FULL)


def as_role(role: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=f"user_{role}", role=role))
    return client


def personal_reads():
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL)


def export_phones(client: Client) -> list[str]:
    response = client.get(LIST, {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    column = rows[0].index("联系电话")
    return [row[column] for row in rows[1:]]


@pytest.mark.parametrize("role", SEE_MASKED)
def test_reporters_and_viewers_see_the_number_masked_everywhere(role, enterprise):
    client = as_role(role)

    page = client.get(reverse("economy:enterprise_detail", args=[enterprise.pk])).content.decode()
    api = client.get(API).json()["results"][0]
    exported = export_phones(client)

    assert MASKED in page and FULL not in page
    assert "tel:" not in page
    assert api["contact_phone"] == MASKED
    assert exported == [MASKED]
    assert not personal_reads().exists()


@pytest.mark.parametrize("role", SEE_IN_FULL)
def test_the_supervisor_and_leaders_see_it_and_the_page_is_on_record(role, enterprise):
    client = as_role(role)

    page = client.get(reverse("economy:enterprise_detail", args=[enterprise.pk])).content.decode()

    assert f'<a href="tel:{FULL}">{FULL}</a>' in page
    entry = personal_reads().get()
    assert (entry.username, entry.object_type, entry.object_id) == (f"user_{role}", "企业联系人电话",
                                                                     str(enterprise.pk))
    assert entry.detail == "查看赣锋锂业联系人王敏的电话"


def test_an_enterprise_without_a_phone_leaves_no_line(park):
    plain = EnterpriseFactory(park=park, contact_person="王敏")

    as_role(Role.SUPERVISOR).get(reverse("economy:enterprise_detail", args=[plain.pk]))

    assert not personal_reads().exists()


def test_the_api_answer_with_full_numbers_is_one_line_naming_the_enterprises(enterprise, park):
    other = EnterpriseFactory(park=park, name="阿里山制造", contact_phone="0797-8123456")
    EnterpriseFactory(park=park, name="无电话企业")

    results = as_role(Role.SUPERVISOR).get(API).json()["results"]

    assert {r["name"]: r["contact_phone"] for r in results} == {"赣锋锂业": FULL, "阿里山制造": "0797-8123456",
                                                                "无电话企业": ""}
    entry = personal_reads().get()
    assert entry.username == "user_supervisor"
    ids = sorted([enterprise.pk, other.pk])
    assert entry.detail in (f"通过接口查看 2 家企业联系人的完整电话（企业ID：{ids[0]}、{ids[1]}）",
                            f"通过接口查看 2 家企业联系人的完整电话（企业ID：{ids[1]}、{ids[0]}）")


def test_the_supervisors_export_carries_full_numbers_and_says_so_in_the_log(enterprise):
    assert export_phones(as_role(Role.SUPERVISOR)) == [FULL]

    entry = personal_reads().get()
    assert entry.detail == "导出企业名录，含 1 家企业联系人的完整电话"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, username="user_supervisor").exists()


def test_a_changed_number_in_the_history_is_masked_for_a_viewer(enterprise):
    supervisor = UserFactory(username="supervisor", role=Role.SUPERVISOR)
    enterprise.contact_phone = "13912345678"
    registry.enterprise_save(enterprise=enterprise, user=supervisor)

    page = as_role(Role.VIEWER).get(reverse("economy:enterprise_detail", args=[enterprise.pk])).content.decode()

    assert f"联系电话：{MASKED} → 139****5678" in page
    assert "13912345678" not in page


def test_the_edit_form_showing_the_number_is_on_record(enterprise):
    as_role(Role.SUPERVISOR).get(reverse("economy:enterprise_edit", args=[enterprise.pk]))

    assert personal_reads().get().detail == "编辑赣锋锂业时查看联系人王敏的电话"
