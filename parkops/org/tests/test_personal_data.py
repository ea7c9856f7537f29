"""A user's mobile number (personal data) appears only on the system administrator's account form, and
opening that form is on record in the audit log; the user list, its export and the security
administrator's role form do not carry it."""

from io import BytesIO

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.testing.factories import UserFactory

MOBILE = "13912345678"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_account_form_shows_the_number_and_its_reading_is_on_record(sysadmin, unit):
    viewer = UserFactory(username="viewer", role=Role.VIEWER, unit=unit, phone=MOBILE)

    page = logged_in(sysadmin).get(reverse("org:user_edit", args=[viewer.pk])).content.decode()

    assert MOBILE in page
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_PERSONAL)
    assert (entry.username, entry.object_type, entry.object_id) == ("sysadmin", "用户手机号", str(viewer.pk))
    assert entry.detail == "编辑账号viewer时查看其手机号"


def test_the_user_list_its_export_and_the_role_form_do_not_show_the_number(sysadmin, security, unit):
    viewer = UserFactory(username="viewer", role=Role.VIEWER, unit=unit, phone=MOBILE)

    listed = logged_in(sysadmin).get(reverse("org:user_list")).content.decode()
    exported = logged_in(sysadmin).get(reverse("org:user_list"), {"export": "xlsx"})
    role_form = logged_in(security).get(reverse("org:user_edit", args=[viewer.pk])).content.decode()

    cells = [c for row in load_workbook(BytesIO(exported.content)).active.iter_rows(values_only=True) for c in row]
    assert MOBILE not in listed
    assert MOBILE not in cells
    assert MOBILE not in role_form
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL).exists()
