"""A park that has used a report type has its built-in template stored as version 1. When the system's
built-in changes (the 督办通报's red header, the 管委会 signature), the park gets it as the next version;
a template a user uploaded stays in use."""

from io import BytesIO

import docx

from parkops.core import officedoc
from parkops.reports import registry, services
from parkops.reports.models import ReportTemplate


def an_older_builtin() -> bytes:
    """The 督办通报 as it was before its red header: a title and a line."""
    document = officedoc.new_document()
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "（{{ date }}）")
    return officedoc.to_bytes(document)


def first_line(template: ReportTemplate) -> str:
    return docx.Document(BytesIO(bytes(template.content))).paragraphs[0].text


def test_an_older_builtin_in_use_gives_way_to_the_current_one_as_the_next_version(db):
    ReportTemplate.objects.create(report_type="supervision_bulletin", version=1, content=an_older_builtin(),
                                  filename="督办通报模板.docx", is_builtin=True, is_active=True)

    template = services.active_template("supervision_bulletin")

    assert (template.version, template.is_builtin, template.is_active) == (2, True, True)
    assert first_line(template) == "{{ park_short }}督查督办通报"
    assert template.note == "系统内置模板（随系统更新）"
    assert not ReportTemplate.objects.get(report_type="supervision_bulletin", version=1).is_active
    # Asked again, the current built-in stays: no version 3.
    assert services.active_template("supervision_bulletin").pk == template.pk


def test_a_template_a_user_uploaded_stays_in_use(db):
    ReportTemplate.objects.create(report_type="supervision_bulletin", version=1, content=an_older_builtin(),
                                  filename="督办通报模板.docx", is_builtin=True)
    uploaded = ReportTemplate.objects.create(report_type="supervision_bulletin", version=2, content=an_older_builtin(),
                                             filename="我们的通报.docx", is_active=True)

    assert services.active_template("supervision_bulletin").pk == uploaded.pk
    assert ReportTemplate.objects.filter(report_type="supervision_bulletin").count() == 2


def test_the_current_builtin_stored_once_is_not_stored_again(db):
    first = services.active_template("economic_brief")

    # The built-in is drawn anew each time (its zip saved at another moment): what it says is compared.
    assert registry.get("economic_brief").default_template()
    assert services.active_template("economic_brief").pk == first.pk
    assert ReportTemplate.objects.filter(report_type="economic_brief").count() == 1
