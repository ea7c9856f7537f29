"""A template is code its uploader wrote: the known template-injection payloads are refused at upload,
and one stored before uploads were checked runs nothing when a report, a preview or an export renders it."""

from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parkops.org.choices import Role
from parkops.reports import sandbox, services
from parkops.reports.models import ReportStatus, ReportTemplate
from parkops.reports.tracing import Figure
from parkops.testing.factories import UserFactory

# Each writes this file if it gets as far as running a command.
PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ park.__class__.__mro__[1].__subclasses__()[0].__init__.__globals__['sys'].modules['os'].popen('touch {marker}').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ park|attr('__class__')|attr('__mro__') }}",
    "{{ park['__class__'] }}",
    "{% for c in ''.__class__.__base__.__subclasses__() %}{% if c.__name__ == 'Popen' %}{{ c('touch {marker}', shell=True) }}{% endif %}{% endfor %}",
    "{{ '{0.__class__.__mro__}'.format(park) }}",
    "{{ 'x' * 100000000 }}",
    "{{ 10 ** 100000000 }}",
]


def template_with(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("目标任务完成情况一览表")
    document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def supervisor(client, park):
    user = UserFactory(role=Role.SUPERVISOR)
    client.force_login(user)
    return user


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "pwned"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_template_injection_payload_is_refused_at_upload_and_runs_nothing(client, supervisor, marker, payload):
    content = template_with(payload.replace("{marker}", str(marker)))

    response = client.post(reverse("reports:template_upload", args=["supervision_bulletin"]),
                           {"file": SimpleUploadedFile("通报模板.docx", content), "note": "新版"})

    assert response.status_code == 400
    refusal = response.content.decode().split('id="template-refused"')[1].split("</div>")[1]
    assert "不允许" in refusal
    assert "第2行" in refusal  # the paragraph after the title: where the uploader has to look
    assert not marker.exists()
    assert not ReportTemplate.objects.filter(report_type="supervision_bulletin", version__gt=1).exists()


def test_a_payload_stored_before_the_sandbox_runs_nothing_in_a_report_or_a_preview(client, supervisor, park, marker):
    # As if uploaded by an older version that did not check: straight into the table.
    services.active_template("supervision_bulletin")
    ReportTemplate.objects.filter(report_type="supervision_bulletin").update(is_active=False)
    payload = PAYLOADS[2].replace("{marker}", str(marker))
    ReportTemplate.objects.create(report_type="supervision_bulletin", version=2, is_active=True,
                                  content=template_with(payload), filename="旧模板.docx")

    report = services._new_report("supervision_bulletin", park=park, period=None, plan=None, day=None,
                                  user=supervisor)
    services.run_generation(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "不允许的写法" in report.error

    response = client.get(reverse("reports:preview", args=["supervision_bulletin"]),
                          {"period": report.period.strftime("%Y-%m")}, follow=True)
    assert "不允许的写法" in response.content.decode()
    assert not marker.exists()


def test_the_sandbox_reads_the_fields_of_plain_values_and_dataclasses_only(park):
    environment = sandbox.environment()
    figure = Figure("12项", "任务数", "本表所列任务的项数")
    rows = [{"name": "企业甲", "values": [1, 2]}]

    printed = environment.from_string("{{ f.text }}/{{ rows[0].name }}/{{ rows|length }}/{{ f }}").render(
        f=figure, rows=rows)
    assert printed == "12项/企业甲/1/12项"
    # A model instance put in a context by mistake gives nothing away, not even its name.
    with pytest.raises(sandbox.SecurityError):
        environment.from_string("{{ park.name }}").render(park=park)
    with pytest.raises(sandbox.SecurityError):
        environment.from_string("{{ rows.append(1) }}").render(rows=rows)
