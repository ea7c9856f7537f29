"""The exported Word 一览表 as LibreOffice renders it: what a department sees when it opens the file.

python-docx reading back its own output proves little about rendering, so the file goes through
LibreOffice to PDF (as WPS and Word users will see it) and the PDF is read with poppler.
"""

import re
import shutil
import subprocess
from datetime import date

import pytest

from parkops.supervision.exporters import build_ledger, ledger_docx
from parkops.supervision.tests.ledgers import TITLE, write

A4_LANDSCAPE_POINTS = (842, 595)


def _run(*command: str, cwd=None) -> str:
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture
def rendered_pdf(imported, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: `make test` installs libreoffice-writer-nogui.", pytrace=False)
    source = write(tmp_path, "一览表.docx", ledger_docx(build_ledger(plan=imported, today=date(2026, 5, 20))))
    # Its own profile folder: a LibreOffice already running for the user would otherwise take the job.
    _run(soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source))
    return tmp_path / "一览表.pdf"


def test_libreoffice_renders_the_word_ledger_landscape_with_every_task(rendered_pdf, tmp_path):
    info = _run("pdfinfo", str(rendered_pdf))
    width, height = (round(float(n)) for n in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (width, height) == A4_LANDSCAPE_POINTS
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 6

    text = re.sub(r"\s+", "", _run("pdftotext", "-layout", str(rendered_pdf), "-"))
    assert TITLE in text
    assert "日期：2023年11月30日" in text
    for heading in ("二、坚持以“提质”促“提升”", "（三）提升园区承载水平。", "四、坚持以“长治”求“长效”"):
        assert heading in text
    for start in ("9.坚持工业强县", "19.创建省级绿色", "47.推动丰林工业"):  # columns interleave by line
        assert start in text
    # Page numbers in the official form, "— 1 —".
    assert "—1—" in text

    # And it turns into pictures, which is how reviewers look at it.
    _run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(rendered_pdf), str(tmp_path / "page"))
    assert list(tmp_path.glob("page-*.png"))
