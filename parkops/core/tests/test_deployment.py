"""Safe by default (等保 2.0 三级, 应用安全): debug off unless asked for, a production profile that Django's own
deployment checklist passes without a warning, security headers on every page, and templates that need
no inline script, so that the Content-Security-Policy can refuse them all."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(settings.BASE_DIR).parent
A_PRODUCTION_KEY = "k3y-for-the-deployment-test-only-Qw8Zr2Lp7Xn4Vb6Mt9Yc1Hs5Jd0Fg3Ke8Ua2"


def run_django(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only the environment given: settings are read at start-up."""
    clean = {key: value for key, value in os.environ.items()
             if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                            # set by the browser tests' process (e2e/conftest.py), never by a server
                            "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(PARKOPS_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_the_production_profile_passes_the_deployment_checklist_without_a_warning(tmp_path):
    result = run_django(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                        DJANGO_SETTINGS_MODULE="parkops.settings_production", SECRET_KEY=A_PRODUCTION_KEY,
                        ALLOWED_HOSTS="parkops.example.gov.cn")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_production_profile_is_off_debug_even_when_the_environment_asks(tmp_path):
    result = run_django(tmp_path, "shell", "-c", "from django.conf import settings; print(settings.DEBUG, "
                        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)",
                        DJANGO_SETTINGS_MODULE="parkops.settings_production", SECRET_KEY=A_PRODUCTION_KEY,
                        ALLOWED_HOSTS="parkops.example.gov.cn", DEBUG="true")

    assert result.stdout.splitlines()[-1].split() == ["False", "True", "True", "31536000"], result.stderr


def test_the_production_profile_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_django(tmp_path, "check", DJANGO_SETTINGS_MODULE="parkops.settings_production",
                        ALLOWED_HOSTS="parkops.example.gov.cn")

    assert result.returncode != 0
    assert "生产环境必须设置 SECRET_KEY" in result.stderr


def test_without_configuration_debug_is_off_and_a_secret_key_is_required(tmp_path):
    unconfigured = run_django(tmp_path, "check", DJANGO_SETTINGS_MODULE="parkops.settings")
    with_a_key = run_django(tmp_path, "shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
                            DJANGO_SETTINGS_MODULE="parkops.settings", SECRET_KEY=A_PRODUCTION_KEY)

    assert unconfigured.returncode != 0 and "SECRET_KEY must be set when DEBUG is off" in unconfigured.stderr
    assert with_a_key.stdout.splitlines()[-1] == "False", with_a_key.stderr


def csp_directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    response = client.get("/login/")

    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval': injected script cannot run
    assert csp["style-src"] == ["'self'"] and csp["style-src-elem"] == ["'self'"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|hx-on[:-][\w:-]*)\s*=", re.IGNORECASE | re.DOTALL)


def test_no_template_holds_an_inline_script_or_an_event_handler():
    # json_script's <script type="application/json"> is written by a filter, not in the template's text.
    offenders = []
    for template in sorted(Path(settings.BASE_DIR).rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        offenders += [f"{template.relative_to(PROJECT_DIR)}: {match.group(0)[:60]}"
                      for pattern in (INLINE_SCRIPT, EVENT_HANDLER) for match in pattern.finditer(text)]

    assert offenders == []


DEPLOY = PROJECT_DIR / "deploy"


def test_nginx_lets_through_every_upload_the_app_accepts_and_ends_tls_for_the_gunicorn_it_names():
    nginx = (DEPLOY / "nginx-parkops.conf").read_text(encoding="utf-8")
    gunicorn_config = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8"), gunicorn_config)

    # Below the app's limits, nginx would answer a file the app accepts with its own English 413 page.
    body_limit_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert body_limit_mb * 1024 * 1024 > max(settings.IMPORT_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES)
    assert f"server {gunicorn_config['bind']};" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx  # what SECURE_PROXY_SSL_HEADER trusts
    assert "location /media" not in nginx  # attachments only through the views that check who asks


def test_both_systemd_units_run_the_production_profile():
    for unit in ("parkops-web.service", "parkops-worker.service"):
        text = (DEPLOY / unit).read_text(encoding="utf-8")
        assert "Environment=DJANGO_SETTINGS_MODULE=parkops.settings_production" in text, unit
        assert "EnvironmentFile=/etc/parkops/parkops.env" in text, unit
