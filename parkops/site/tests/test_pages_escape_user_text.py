"""Text people type shows as text: script tags, attribute break-outs and template syntax stored in the main
models' text fields come out escaped on every page that shows them, and literally in the Word reports,
whose XML stays well-formed (等保 2.0 三级: 应用安全, 输出编码)."""

from datetime import date
from io import BytesIO, StringIO
from xml.etree import ElementTree
from zipfile import ZipFile

import docx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.economy.models import Enterprise, IndustryChain
from parkops.notices.models import Message
from parkops.org.models import Person, Unit, User, Zone
from parkops.projects.models import MonthlyProgress, Problem, Project
from parkops.supervision.models import Plan, ProgressReport

SCRIPT = "<script>alert(1)</script>"
BREAK_OUT = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}{% raw %}"
PAYLOAD = SCRIPT + BREAK_OUT + TEMPLATE  # 71 characters; short fields get one part each
# What must never reach a page as markup; "<img src=x" also catches the break-out inside an attribute.
RAW = (SCRIPT, BREAK_OUT, "<img src=x")
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


@pytest.fixture
def hostile_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    # Typed as the user name at the log-in page by someone not logged in: it lands in the audit log.
    Client().post(reverse("org:login"), {"username": PAYLOAD, "password": "x"})
    plan = Plan.objects.filter(tasks__isnull=False).distinct().first()
    plan.name = PAYLOAD + plan.name
    plan.save()
    for task in plan.tasks.all()[:3]:
        task.text = PAYLOAD + task.text
        task.save()
    ProgressReport.objects.update(text=PAYLOAD)
    for project in Project.objects.all()[:3]:
        project.name, project.enterprise_name = PAYLOAD + project.name, PAYLOAD
        project.save()
    MonthlyProgress.objects.update(image_progress=PAYLOAD)
    Problem.objects.update(description=PAYLOAD)
    for enterprise in Enterprise.objects.all()[:5]:
        enterprise.name = PAYLOAD + enterprise.name
        enterprise.save()
    for model, name, text in ((Unit, "工信局", PAYLOAD), (IndustryChain, "装备制造", PAYLOAD[:50])):
        row = model.objects.get(name=name)
        row.name = text
        row.save()
    zone = Zone.objects.first()
    zone.name = PAYLOAD
    zone.save()
    Person.objects.filter(pk__in=Person.objects.values("pk")[:3]).update(name=SCRIPT)
    User.objects.filter(username="duban").update(display_name=BREAK_OUT)
    Message.objects.create(user=User.objects.get(username="duban"), title=PAYLOAD, body=PAYLOAD)
    return plan


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def last_month() -> str:
    return (timezone.localdate().replace(day=1) - date.resolution).strftime("%Y-%m")


def test_every_page_shows_hostile_text_escaped(hostile_demo):
    plan = hostile_demo
    task = plan.tasks.filter(text__startswith=SCRIPT).first()
    project = Project.objects.filter(name__startswith=SCRIPT).first()
    enterprise = Enterprise.objects.filter(name__startswith=SCRIPT).first()
    pages = {
        "duban": [
            reverse("supervision:dashboard"), reverse("supervision:task_list"),
            reverse("supervision:task_detail", args=[task.pk]), reverse("supervision:plan_detail", args=[plan.pk]),
            reverse("supervision:plan_list"),
            reverse("projects:project_list"), reverse("projects:project_detail", args=[project.pk]),
            reverse("projects:dispatch"), reverse("economy:dashboard"), reverse("economy:enterprise_list"),
            reverse("economy:enterprise_detail", args=[enterprise.pk]), reverse("notices:inbox"),
            reverse("reports:preview", args=["task_ledger"]) + f"?period={last_month()}&plan={plan.pk}",
            reverse("reports:preview", args=["project_progress"]) + f"?period={last_month()}",
        ],
        "sysadmin": [reverse("org:unit_list"), reverse("org:person_list")],
        "auditor": [reverse("core:audit_list")],
    }
    unescaped, not_shown = [], []
    for username, urls in pages.items():
        client = logged_in(username)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            content = response.content.decode()
            unescaped += [f"{url}: {raw}" for raw in RAW if raw in content]
            if not any(escaped in content for escaped in ESCAPED):
                not_shown.append(url)

    assert unescaped == []
    assert not_shown == []  # each page did show some of the hostile text, or it would prove nothing


def document_xml_parts(content: bytes) -> dict[str, bytes]:
    with ZipFile(BytesIO(content)) as package:
        return {name: package.read(name) for name in package.namelist() if name.endswith(".xml")}


def test_word_reports_carry_hostile_text_literally_in_well_formed_xml(hostile_demo, tmp_path):
    for report_type in ("task_ledger", "supervision_bulletin", "project_progress"):
        output = tmp_path / f"{report_type}.docx"
        extra = ["--plan", hostile_demo.name] if report_type != "project_progress" else []
        call_command("report", report_type, "--period", last_month(), "-o", str(output), *extra, stdout=StringIO())

        for name, xml in document_xml_parts(output.read_bytes()).items():
            ElementTree.fromstring(xml)  # raises on XML that Word would refuse to open
            assert b"<script>" not in xml, f"{report_type} {name}"  # in XML it must be &lt;script&gt;, as text
        document = docx.Document(output)
        text = "\n".join([p.text for p in document.paragraphs]
                         + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
        # docxtpl renders the template, not what users typed: their {{ }} and {% %} stay as written.
        assert PAYLOAD in text, report_type
