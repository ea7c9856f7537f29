"""The modules' Word papers are the report centre's: their pages link to its downloads, the old links still
work, each paper follows the template users uploaded for it, and a user reaches only the papers their
module lets them download."""

from datetime import date
from io import BytesIO
from urllib.parse import unquote

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from parkops.org.choices import Role
from parkops.testing.factories import DispatchMeetingFactory, PlanFactory, UserFactory

QUIET_DAY = date(2025, 6, 6)


def download_url(code: str) -> str:
    return reverse("reports:module_download", args=[code])


def texts(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [p.text for p in docx.Document(BytesIO(content)).paragraphs if p.text]


@pytest.fixture
def supervisor_client(client, park, supervisor):
    client.force_login(supervisor)
    return client


def upload_edited_template(client, code: str, edit) -> None:
    """Download the type's template from its page, edit it as a user would in Word, and upload it."""
    response = client.get(reverse("reports:builtin_template_download", args=[code]))
    template = docx.Document(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    edit(template)
    buffer = BytesIO()
    template.save(buffer)
    answer = client.post(reverse("reports:template_upload", args=[code]),
                         {"file": SimpleUploadedFile("模板.docx", buffer.getvalue()), "note": "加一段"})
    assert answer.status_code == 302, answer.content.decode()


def paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


# -- the pages link to the report centre ---------------------------------------------------------------


def test_the_dispatch_page_links_its_papers_to_the_report_centre(supervisor_client):
    page = supervisor_client.get(reverse("projects:dispatch")).content.decode()

    assert f'href="{download_url("project_agenda")}"' in page
    assert f'action="{download_url("project_bulletin")}"' in page
    assert f'href="{download_url("project_progress")}"' in page
    assert f'href="{reverse("projects:progress_table")}?format=xlsx"' in page  # the workbook stays the module's


def test_a_meeting_page_links_the_agenda_of_its_day(supervisor_client, park):
    meeting = DispatchMeetingFactory(park=park, held_on=date(2025, 6, 2))

    page = supervisor_client.get(reverse("projects:meeting_detail", args=[meeting.pk])).content.decode()

    assert f'href="{download_url("project_agenda")}?day=2025-06-02"' in page


def test_a_plan_page_links_its_word_ledger_to_the_report_centre(supervisor_client, park):
    plan = PlanFactory(park=park)

    page = supervisor_client.get(reverse("supervision:plan_detail", args=[plan.pk])).content.decode()

    assert f'href="{download_url("task_ledger")}?plan={plan.pk}&format=docx"' in page


@pytest.mark.parametrize("old_link, query, new_link", [
    ("projects:dispatch_agenda", {}, download_url("project_agenda")),
    ("projects:daily_bulletin", {"day": "2025-06-05"}, download_url("project_bulletin") + "?day=2025-06-05"),
    ("projects:progress_table", {"format": "docx"}, download_url("project_progress")),
])
def test_the_links_users_kept_lead_to_the_report_centre(supervisor_client, old_link, query, new_link):
    response = supervisor_client.get(reverse(old_link), query)

    assert response.status_code == 302 and response["Location"] == new_link


def test_the_old_meeting_agenda_link_gives_the_agenda_of_the_meetings_day(supervisor_client, park):
    meeting = DispatchMeetingFactory(park=park, held_on=date(2025, 6, 2))

    response = supervisor_client.get(reverse("projects:meeting_agenda", args=[meeting.pk]), follow=True)

    assert texts(response)[:2] == [f"{park}重点项目周调度会议程", "（2025年6月2日）"]
    assert "重点项目周调度会议程_20250602.docx" in unquote(response["Content-Disposition"])


# -- the templates users edit --------------------------------------------------------------------------


def test_an_uploaded_agenda_template_changes_the_agenda_the_dispatch_page_downloads(supervisor_client, park):
    before = texts(supervisor_client.get(reverse("projects:dispatch_agenda"), follow=True))
    assert "五、其他事项" not in "".join(before)

    upload_edited_template(supervisor_client, "project_agenda", lambda template: paragraph_with(
        template, "四、上次调度会议定事项落实情况").insert_paragraph_before("五、其他事项：各责任单位汇报本周进展。"))

    after = texts(supervisor_client.get(reverse("projects:dispatch_agenda"), follow=True))
    assert "五、其他事项：各责任单位汇报本周进展。" in after
    assert after[0] == f"{park}重点项目周调度会议程" and "无上次调度会记录。" in after


def test_an_uploaded_bulletin_template_changes_the_bulletin_of_a_quiet_day(supervisor_client, park):
    def reword(template):
        paragraph = paragraph_with(template, "今日无变化。")
        paragraph.runs[0].text = "今日各重点项目无新变化，特此通报。"
        for run in paragraph.runs[1:]:
            run.text = ""

    assert texts(supervisor_client.get(reverse("projects:daily_bulletin"), {"day": QUIET_DAY}, follow=True))[3:] == [
        "今日无变化。", "高新区管委会", "2025年6月6日"]

    upload_edited_template(supervisor_client, "project_bulletin", reword)

    response = supervisor_client.get(reverse("projects:daily_bulletin"), {"day": QUIET_DAY}, follow=True)
    assert texts(response) == [f"{park}重点项目调度通报", f"{park}管委会编\t2025年6月6日", "重点项目每日通报",
                               "今日各重点项目无新变化，特此通报。", f"{park}管委会", "2025年6月6日"]
    assert "重点项目每日通报_20250606.docx" in unquote(response["Content-Disposition"])


# -- who may download -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["project_agenda", "project_bulletin"])
def test_a_unit_reporter_cannot_reach_the_dispatch_papers_through_the_report_centre(client, reporter, code):
    client.force_login(reporter)

    assert client.get(download_url(code)).status_code == 403


def test_a_report_type_without_a_module_download_has_none(supervisor_client):
    assert supervisor_client.get(download_url("economic_brief")).status_code == 404


def test_a_ledger_choice_that_finds_nothing_goes_back_to_the_choice_with_a_warning(supervisor_client, park):
    plan = PlanFactory(park=park)

    response = supervisor_client.get(download_url("task_ledger"), {"plan": plan.pk, "format": "docx"}, follow=True)

    assert response.redirect_chain[0][0] == f"{reverse('supervision:ledger_export')}?plan={plan.pk}"
    assert "没有符合条件的任务，请调整筛选条件。" in response.content.decode()


# -- the command line -------------------------------------------------------------------------------------


def test_the_report_command_writes_the_modules_bulletin(park, tmp_path):
    target = tmp_path / "通报.docx"

    call_command("report", "project_bulletin", "--export", "--date", "2025-06-06", "-o", str(target))

    assert [p.text for p in docx.Document(str(target)).paragraphs if p.text] == [
        f"{park}重点项目调度通报", f"{park}管委会编\t2025年6月6日", "重点项目每日通报", "今日无变化。", f"{park}管委会",
        "2025年6月6日"]


def test_the_report_command_says_which_types_have_a_module_export(park, tmp_path):
    with pytest.raises(CommandError, match="没有模块导出。可导出：task_ledger、project_progress"):
        call_command("report", "economic_brief", "--export", "-o", str(tmp_path / "x.docx"))


def test_only_supervision_and_dispatch_roles_download(client, park):
    client.force_login(UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN))

    assert client.get(download_url("project_agenda")).status_code == 403
