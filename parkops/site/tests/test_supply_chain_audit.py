"""`make audit`'s verdict on pip-audit's report (scripts/check-pip-audit.py): a known vulnerability in a
locked package fails the run; packages the vulnerability service could not answer for are never read as
safe, and fail the run where coverage is required (AUDIT_REQUIRE_COVERAGE=1); an accepted finding passes
only when it is listed with its reason."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

CHECK = Path(__file__).resolve().parents[3] / "scripts" / "check-pip-audit.py"


def verdict(dependencies: list[dict], **environment) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script, fed our own JSON
        [sys.executable, str(CHECK)], input=json.dumps({"dependencies": dependencies, "fixes": []}),
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **environment}, timeout=60, check=False,
    )


CLEAN = {"name": "django", "version": "5.2.8", "vulns": []}
VULNERABLE = {"name": "jinja2", "version": "3.1.2", "vulns": [
    {"id": "GHSA-h5c8-rqwp-cp95", "aliases": ["CVE-2024-22195"], "fix_versions": ["3.1.3"], "description": "xss"},
]}
UNCHECKED = {"name": "docxtpl", "skip_reason": "Dependency not found on PyPI and could not be audited: docxtpl (0.20.1)"}


def test_a_known_vulnerability_fails_the_audit_and_names_the_fix():
    result = verdict([CLEAN, VULNERABLE])
    assert result.returncode == 1
    assert "VULNERABLE jinja2==3.1.2: GHSA-h5c8-rqwp-cp95; fixed in 3.1.3" in result.stdout


def test_the_locked_packages_with_no_known_vulnerability_pass():
    result = verdict([CLEAN])
    assert result.returncode == 0
    assert "no known vulnerabilities in the 1 packages" in result.stdout


@pytest.mark.parametrize(("required", "code"), [("", 0), ("1", 1)])
def test_packages_that_could_not_be_looked_up_are_never_called_safe(required, code):
    result = verdict([CLEAN, UNCHECKED], AUDIT_REQUIRE_COVERAGE=required)
    assert "could not look up 1 of 2 locked packages" in result.stderr
    assert "NOT known to be safe" in result.stderr
    assert result.returncode == code
