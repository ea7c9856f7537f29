"""The 重点项目进展情况表 import page: upload → preview → confirm, as the ledger import works."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parkops.projects.models import Problem, Project
from parkops.projects.tests.progress_tables import QIANZHAO, ROWS, WEIKE, db_counts, table_docx, table_xlsx

URL = reverse("projects:table_import")


def upload(content: bytes, name: str = "进展情况表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_supervisor_uploads_previews_and_confirms(client, park, supervisor, settings):
    client.force_login(supervisor)

    page = client.post(URL, {"step": "upload", "file": upload(table_docx(), "进展情况表.docx")}).content.decode()

    assert "2025年" in page and "2025年5月" in page and "表头日期 2025年6月5日" in page
    assert "新增 3" in page and QIANZHAO[1] in page
    assert "50.00亿元" in page and "10KV新建线路尚未送电" in page and "新增困难问题 1" in page
    assert "将新建人员（2）" in page and "王晓君（园区领导）" in page
    assert Project.objects.count() == 0
    kept = list((settings.MEDIA_ROOT / "imports").iterdir())
    assert len(kept) == 1 and kept[0].suffix == ".docx"

    response = client.post(URL, {"step": "confirm", "token": client.session["project_table_import"]["token"]})

    assert response.status_code == 302 and response.url == reverse("projects:project_list")
    assert Project.objects.count() == 3
    assert Problem.objects.get().description == "10KV新建线路尚未送电"
    assert not kept[0].exists() and "project_table_import" not in client.session
    assert "已导入“进展情况表.docx”：新增项目3" in client.get(response.url).content.decode()


def test_reimport_shows_what_changes(client, park, supervisor):
    client.force_login(supervisor)
    client.post(URL, {"step": "upload", "file": upload(table_xlsx())})
    client.post(URL, {"step": "confirm", "token": client.session["project_table_import"]["token"]})
    changed = [list(row) if isinstance(row, list) else row for row in ROWS]
    changed[2][5] = "3"  # 维科: 1-5月 2.4 → 3 亿元

    page = client.post(URL, {"step": "upload", "file": upload(table_xlsx(changed))}).content.decode()

    assert "更新 1" in page and "不变 2" in page and "本年完成投资" in page and WEIKE[1] in page


def test_a_table_with_errors_cannot_be_confirmed_and_writes_nothing(client, park, supervisor):
    client.force_login(supervisor)
    bad = [QIANZHAO, [*WEIKE[:3], "二十五", *WEIKE[4:]]]
    before = db_counts()

    page = client.post(URL, {"step": "upload", "file": upload(table_xlsx(bad))}).content.decode()

    assert "“总投资”应为数字，收到“二十五”。" in page and 'value="confirm" disabled' in page
    response = client.post(URL, {"step": "confirm", "token": client.session["project_table_import"]["token"]})
    assert response.status_code == 200 and "二十五" in response.content.decode()
    assert db_counts() == before


def test_a_file_that_is_not_a_table_is_refused_on_the_form(client, park, supervisor, settings):
    client.force_login(supervisor)

    page = client.post(URL, {"step": "upload", "file": upload("改了扩展名的文本".encode())}).content.decode()

    assert "文件“进展情况表.xlsx”的内容不是允许的类型" in page
    assert not (settings.MEDIA_ROOT / "imports").exists() and Project.objects.count() == 0


def test_cancel_discards_the_kept_file(client, park, supervisor, settings):
    client.force_login(supervisor)
    client.post(URL, {"step": "upload", "file": upload(table_xlsx())})

    response = client.post(URL, {"step": "cancel"})

    assert response.status_code == 302 and response.url == URL
    assert not any((settings.MEDIA_ROOT / "imports").iterdir()) and Project.objects.count() == 0
