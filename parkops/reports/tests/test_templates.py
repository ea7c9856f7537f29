"""Templates users own: downloaded, edited in Word as a user would, uploaded, used; a broken one is refused
with its line and field named, and the one in use goes on working."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.oxml.ns import qn

from parkops.org.choices import Role
from parkops.reports import services
from parkops.reports.models import ReportTemplate
from parkops.supervision.models import Plan
from parkops.supervision.tests.ledgers import PLAN, SAMPLE_DOCX, import_file
from parkops.testing.factories import UserFactory

OCTOBER = date(2023, 10, 1)


@pytest.fixture
def plan(park):
    """The seed 一览表 imported: 8 tasks under their headings, with October 2023's 完成情况."""
    import_file(SAMPLE_DOCX)
    return Plan.objects.get(name=PLAN)


@pytest.fixture
def supervisor(client, park):
    user = UserFactory(role=Role.SUPERVISOR)
    client.force_login(user)
    return user


def download_template(client) -> docx.document.Document:
    services.active_template("task_ledger")
    template = ReportTemplate.objects.get(report_type="task_ledger", is_active=True)
    response = client.get(reverse("reports:template_download", args=[template.pk]))
    assert response.status_code == 200
    return docx.Document(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def upload(client, document: docx.document.Document, note: str = "调整版式"):
    buffer = BytesIO()
    document.save(buffer)
    upload_file = SimpleUploadedFile("一览表模板.docx", buffer.getvalue())
    return client.post(reverse("reports:template_upload", args=["task_ledger"]), {"file": upload_file, "note": note})


def ledger_report(plan) -> docx.document.Document:
    report = services.generate_report("task_ledger", park=plan.park, period=OCTOBER, plan=plan)
    return docx.Document(BytesIO(bytes(report.docx)))


def paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


def block_text(block) -> str:
    return "".join(node.text or "" for node in block.iter(qn("w:t")))


def body_order(document) -> list[str]:
    """The body's blocks in order: "table" or a paragraph's text."""
    order = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            order.append("table")
        elif tag == "p":
            text = block_text(block).strip()
            if text:
                order.append(text)
    return order


def test_an_edited_template_with_a_new_field_and_a_moved_table_gives_the_changed_report(client, supervisor, plan):
    before = ledger_report(plan)
    assert body_order(before)[1].startswith("日期：") and body_order(before)[2] == "table"

    template = download_template(client)
    # The user adds a sentence with two of the documented fields under the title…
    date_line = paragraph_with(template, "{{ date_line }}")
    sentence = date_line.insert_paragraph_before("本表共列任务{{ counts.total }}，其中滞后{{ counts.behind }}。")
    # …and drags the table block (with its if/else) above that sentence, below the title.
    body = template.element.body
    blocks = list(body.iterchildren())
    start = next(i for i, b in enumerate(blocks) if "{%p if include_light %}" in block_text(b))
    end = next(i for i, b in enumerate(blocks) if "{%p endif %}" in block_text(b))
    for block in blocks[start:end + 1]:
        sentence._p.addprevious(block)

    response = upload(client, template)

    assert response.status_code == 302
    active = ReportTemplate.objects.get(report_type="task_ledger", is_active=True)
    assert active.version == 2 and active.note == "调整版式" and active.uploaded_by == supervisor
    after = ledger_report(plan)
    order = body_order(after)
    assert order[1] == "table", "the table now comes right after the title"
    assert order[2] == "本表共列任务8项，其中滞后0项。".replace("0", str(_behind(plan)))
    assert order[3].startswith("日期：")
    # The table still holds the 8 tasks.
    assert sum(1 for row in after.tables[0].rows if row.cells[0].text[:1].isdigit()) == 8
    # The two printed figures are listed in the appendix of sources, in the order printed.
    appendix = after.tables[-1]
    assert [row.cells[1].text for row in appendix.rows[1:]] == [f"{PLAN}任务数", "滞后任务数"]


def _behind(plan) -> int:
    from parkops.reports.builtin.task_ledger import _ledger
    from parkops.reports.registry import ReportRequest

    ledger = _ledger(ReportRequest(park=plan.park, period=OCTOBER, plan=plan))
    return sum(1 for t in ledger.tasks if t.light.light == "behind")


@pytest.mark.parametrize(("bad_text", "expected"), [
    ("本表共列任务{{ counts.total ", "占位符没有写完"),
    ("负责人：{{ chief_of_staff }}", "未知字段“chief_of_staff”"),
    ("{{ counts.total_tasks }}", "字段“total_tasks”不存在"),
    ("{%p for row in rows %}", "没有对应的结束标记 {%endfor%}"),
    ("{%p endif %}", "多余的结束标记"),
])
def test_a_broken_template_is_refused_with_its_line_and_the_old_one_still_works(client, supervisor, plan, bad_text,
                                                                                 expected):
    template = download_template(client)
    paragraph_with(template, "{{ date_line }}").insert_paragraph_before(bad_text)

    response = upload(client, template, note="有误的版本")

    assert response.status_code == 400
    page = response.content.decode()
    assert "模板未启用，原模板照常使用" in page and expected in page
    # The line is the paragraph's place in the document, with its text to find it by: the title is line 1.
    assert "第2行" in page and bad_text[:10] in page
    assert list(ReportTemplate.objects.filter(report_type="task_ledger").values_list("version", "is_active")) == [
        (1, True)]
    assert ledger_report(plan).tables[0].rows[1].cells[0].text.startswith("二、")


def test_a_file_that_is_not_word_is_refused(client, supervisor, plan):
    response = client.post(reverse("reports:template_upload", args=["task_ledger"]),
                           {"file": SimpleUploadedFile("模板.docx", b"not a zip"), "note": ""})
    assert response.status_code == 400
    assert "的内容不是允许的类型（允许：Word）" in response.content.decode()


def test_an_older_version_can_be_put_back_in_use(client, supervisor, plan):
    template = download_template(client)
    paragraph_with(template, "{{ date_line }}").insert_paragraph_before("第二版新增的一句。")
    upload(client, template)
    assert "第二版新增的一句。" in body_order(ledger_report(plan))

    builtin = ReportTemplate.objects.get(report_type="task_ledger", version=1)
    client.post(reverse("reports:template_activate", args=[builtin.pk]))

    assert "第二版新增的一句。" not in body_order(ledger_report(plan))
    assert ReportTemplate.objects.get(is_active=True).version == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.VIEWER, Role.REPORTER])
def test_only_the_supervisor_uploads_templates(client, park, plan, role):
    client.force_login(UserFactory(role=role))
    services.active_template("task_ledger")
    template = docx.Document()
    template.add_paragraph("{{ title }}")
    response = upload(client, template)
    assert response.status_code == 403
    assert ReportTemplate.objects.count() == 1


def test_the_supervision_export_prints_through_the_edited_template(client, supervisor, plan):
    template = download_template(client)
    paragraph_with(template, "{{ date_line }}").insert_paragraph_before("（督办室编印）")
    upload(client, template)

    response = client.get(reverse("supervision:ledger_export"), {"plan": plan.pk, "format": "docx"}, follow=True)

    exported = docx.Document(BytesIO(response.content))
    assert "（督办室编印）" in body_order(exported)
