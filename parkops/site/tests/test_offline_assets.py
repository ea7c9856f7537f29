"""The intranet has no internet: every script, stylesheet and image a page asks for comes from the app."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from parkops.org.choices import Role
from parkops.testing.factories import UserFactory

ASSET_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
# Swagger UI names its files in a script rather than in tags.
QUOTED_STATIC = re.compile(r"""["'](/static/[^"']+)["']""")


def _asset_urls(html: str) -> set[str]:
    return {url for url in ASSET_URL.findall(html) + QUOTED_STATIC.findall(html)
            if not url.startswith(("#", "?", "javascript:", "mailto:"))}


@pytest.mark.parametrize("path", ["/login/", "/supervision/", "/supervision/tasks/", "/api/docs/"])
def test_pages_load_nothing_from_outside_and_every_static_file_exists(db, path):
    client = Client()
    if path != "/login/":
        client.force_login(UserFactory(username="duban", role=Role.SUPERVISOR))
    response = client.get(path)
    assert response.status_code == 200
    urls = _asset_urls(response.content.decode())

    outside = sorted(url for url in urls if re.match(r"^(https?:)?//", url))
    assert outside == [], f"{path} loads from outside the app: {outside}"
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/").split("?")[0]), f"{path} asks for a missing {url}"


def test_uploaded_files_are_not_served_without_a_permission_check(db, settings):
    settings.DEBUG = True
    media = settings.MEDIA_ROOT
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "现场.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    assert Client().get("/media/attachments/现场.png").status_code == 404
