"""Uploaded files (report attachments, site photos, kept imports) leave the server only through views
that ask the permission matrix: no URL serves the media folder, even to someone who knows a file's exact
stored name, logged in or not, and the static files' server cannot reach it either."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve

from parkops.org.choices import Role
from parkops.projects import services as project_services
from parkops.projects.tests.images import phone_jpeg
from parkops.supervision.services import report_submit
from parkops.testing.factories import PlanFactory, ProjectFactory, TaskFactory, UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def stored_files(park, unit, reporter):
    task = TaskFactory(plan=PlanFactory(park=park), lead_units=[unit])
    report = report_submit(task=task, unit=unit, user=reporter, period=date(2026, 1, 1), text="进展",
                           files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")])
    progress = project_services.progress_report(
        project=ProjectFactory(park=park, liaison=reporter), period=date(2026, 1, 1), invested=100,
        image_progress="主体施工", photos=[SimpleUploadedFile("工地.jpg", phone_jpeg(64, 48))], user=reporter)
    return [report.attachments.get().file.name, progress.photos.get().image.name]


def _clients(park):
    supervisor = Client()
    supervisor.force_login(UserFactory(username="media_supervisor", role=Role.SUPERVISOR))
    return {"logged out": Client(), "supervisor": supervisor}


def test_the_media_url_serves_no_file_even_by_its_exact_stored_name(park, stored_files):
    for name in stored_files:
        assert (Path(settings.MEDIA_ROOT) / name).is_file(), "the file is really there"
        for who, client in _clients(park).items():
            for path in (f"{settings.MEDIA_URL}{name}", f"/{name}", f"{settings.STATIC_URL}../media/{name}",
                         f"{settings.STATIC_URL}{name}"):
                response = client.get(path)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert response.status_code in (302, 404), f"{who} got {response.status_code} at {path}"
                assert PNG not in body and b"JFIF" not in body[:32], f"{who} read the file at {path}"


def test_no_url_pattern_reaches_the_media_folder():
    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}supervision/attachments/2026/01/现场.png")


def test_the_media_folder_is_apart_from_what_the_static_server_serves():
    from parkops import settings as configured  # as deployed: the tests move MEDIA_ROOT to a temporary folder

    media = Path(configured.MEDIA_ROOT).resolve()
    served = [Path(configured.STATIC_ROOT)]
    served += [Path(entry[1] if isinstance(entry, tuple) else entry) for entry in configured.STATICFILES_DIRS]
    if getattr(configured, "WHITENOISE_ROOT", None):
        served.append(Path(configured.WHITENOISE_ROOT))
    for folder in served:
        folder = folder.resolve()
        assert not media.is_relative_to(folder) and not folder.is_relative_to(media), folder
