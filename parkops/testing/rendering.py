"""Word documents as their readers see them: through LibreOffice to PDF, read back with poppler.

python-docx reading its own output proves little about rendering; every test of a generated document's
look goes through here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def render_pdf(tmp_path: Path, *sources: Path) -> list[Path]:
    """Word files through LibreOffice to PDF, as WPS and Word users will see them."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: `make test` installs libreoffice-writer-nogui.", pytrace=False)
    # Its own profile folder: a LibreOffice already running for the user would otherwise take the job.
    run(soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
        "--outdir", str(tmp_path), *map(str, sources))
    return [tmp_path / f"{source.stem}.pdf" for source in sources]


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def pdf_pages(pdf: Path) -> tuple[int, tuple[int, int]]:
    """(number of pages, page size in points)."""
    info = run("pdfinfo", str(pdf))
    size = tuple(round(float(n)) for n in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), size


def pdf_text(pdf: Path) -> str:
    """The PDF's text with the spacing of the layout taken out."""
    return re.sub(r"\s+", "", run("pdftotext", "-layout", str(pdf), "-"))
