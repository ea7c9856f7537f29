"""入园联审会议纪要: the minutes of a meeting of five projects, as the report centre and the meeting's page
draw them, and as LibreOffice renders them."""

from datetime import date
from io import BytesIO, StringIO

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from parkops.investment.demo import build_investment
from parkops.investment.models import ReviewMeeting
from parkops.org.choices import Role
from parkops.org.demo import build_organisation
from parkops.org.models import Unit
from parkops.projects.tests.progress_tables import write
from parkops.reports import pdf
from parkops.reports.models import GeneratedReport, ReportStatus
from parkops.reports.registry import ExportRequest
from parkops.reports.services import module_download
from parkops.testing.factories import UserFactory
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

pytestmark = pytest.mark.django_db

A4_PORTRAIT_POINTS = (595, 842)


@pytest.fixture
def demo_meeting() -> ReviewMeeting:
    """The demo park's meeting: five leads, every member's opinion, each decided as the criteria suggest."""
    park = build_organisation()
    build_investment(park, date.today())
    return ReviewMeeting.objects.get()


def paragraphs(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_minutes_say_what_was_decided_of_each_project_and_why(demo_meeting):
    download, content = module_download("review_minutes", ExportRequest(
        park=demo_meeting.park, day=demo_meeting.held_on, kinds=(demo_meeting.kind,)))
    text = paragraphs(content)
    assert f"{demo_meeting.year}年第1次（工业用地项目）" in text
    assert "高新区管委会主任 王晓君主持召开德安高新技术产业园区第1次工业用地项目入园联审会议" in text
    assert "会议审议项目5个：通过1个，附条件通过1个，暂缓1个，不通过2个。" in text
    assert "通过（含附条件通过）2个，项目总投资24.80亿元" in text
    assert "（二）再生铜精深加工项目" in text
    assert "亩均税收27万元/亩，低于30万元/亩的标准，差距在20%以内，可附条件通过" in text
    assert "生态环境局有条件同意（须在开工前取得环评批复，废水经预处理后接入园区污水处理厂）" in text
    assert "会议决定：附条件通过。通过条件：达产后亩均税收不低于30万元/亩" in text
    assert "一票否决：所属行业“纺织印染”属负面清单（印染），不得入园" in text
    assert "生态环境局不同意（该企业环保处罚尚未整改到位）" in text
    table = docx.Document(BytesIO(content)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1] == ["1", "新型显示模组项目", "深圳一维山科技有限公司", "15.00亿元", "拟用地300亩", "通过"]
    assert [row[5] for row in rows[1:]] == ["通过", "附条件通过", "不通过", "不通过", "暂缓"]
    assert download.filename("docx").endswith("纪要_" + f"{demo_meeting.held_on:%Y%m%d}.docx")


def test_the_meeting_page_downloads_its_minutes_for_those_who_see_it(demo_meeting):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    outsider = UserFactory(role=Role.REPORTER, unit=Unit.objects.get(name="城管局"))
    link = reverse("reports:module_download", args=["review_minutes"]) + f"?meeting={demo_meeting.pk}"
    client = Client()
    client.force_login(supervisor)
    response = client.get(link)
    assert response.status_code == 200
    assert "再生铜精深加工项目" in paragraphs(b"".join(response.streaming_content) if response.streaming
                                       else response.content)
    client.force_login(outsider)
    assert client.get(link).status_code == 404


def test_the_command_draws_the_minutes_of_the_day_or_says_there_was_no_meeting(demo_meeting, tmp_path):
    output = tmp_path / "纪要.docx"
    out = StringIO()
    call_command("report", "review_minutes", "--date", demo_meeting.held_on.isoformat(), "-o", str(output), stdout=out)
    assert "入园联审会议纪要" in out.getvalue()
    assert "（五）智能仓储机器人项目" in paragraphs(output.read_bytes())
    with pytest.raises(CommandError, match="及以前没有召开入园联审会议"):
        call_command("report", "review_minutes", "--date", "2020-01-01", "-o", str(output))


def test_libreoffice_renders_the_minutes_with_the_red_header(demo_meeting, tmp_path):
    _, content = module_download("review_minutes", ExportRequest(
        park=demo_meeting.park, day=demo_meeting.held_on, kinds=(demo_meeting.kind,)))
    (pdf,) = render_pdf(tmp_path, write(tmp_path, "纪要.docx", content))
    pages, size = pdf_pages(pdf)
    assert size == A4_PORTRAIT_POINTS and 3 <= pages <= 6
    text = pdf_text(pdf)
    for expected in ("德安高新区入园联审会议纪要", "一、审议结果", "二、逐项审议意见", "三、其他事项", "（五）智能仓储机器人项目",
                     "会议决定：暂缓", "—1—"):
        assert expected in text


def test_the_report_centre_draws_the_minutes_of_the_chosen_day(demo_meeting, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    client = Client()
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    page = client.get(reverse("reports:type_detail", args=["review_minutes"])).content.decode()
    assert "入园联审会议纪要" in page and "items 的各项 .decision_text" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=["review_minutes"]),
                    {"period": f"{demo_meeting.held_on:%Y-%m}", "day": demo_meeting.held_on.isoformat()})
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.DONE, report.error
    assert "会议审议项目5个" in paragraphs(bytes(report.docx))
