"""The exported Word 一览表 as LibreOffice renders it: what a department sees when it opens the file.

python-docx reading back its own output proves little about rendering, so the file goes through
LibreOffice to PDF (as WPS and Word users will see it) and the PDF is read with poppler.
"""

from datetime import date

from parkops.reports.builtin.task_ledger import ledger_docx
from parkops.supervision.exporters import build_ledger
from parkops.supervision.tests.ledgers import TITLE, write
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf, run

A4_LANDSCAPE_POINTS = (842, 595)


def test_libreoffice_renders_the_word_ledger_landscape_with_every_task(imported, tmp_path):
    source = write(tmp_path, "一览表.docx", ledger_docx(build_ledger(plan=imported, today=date(2026, 5, 20))))
    (rendered_pdf,) = render_pdf(tmp_path, source)

    pages, size = pdf_pages(rendered_pdf)
    assert size == A4_LANDSCAPE_POINTS
    assert 1 <= pages <= 6

    text = pdf_text(rendered_pdf)
    assert TITLE in text
    assert "日期：2023年11月30日" in text
    for heading in ("二、坚持以“提质”促“提升”", "（三）提升园区承载水平。", "四、坚持以“长治”求“长效”"):
        assert heading in text
    for start in ("9.坚持工业强县", "19.创建省级绿色", "47.推动丰林工业"):  # columns interleave by line
        assert start in text
    # Page numbers in the official form, "— 1 —".
    assert "—1—" in text

    # And it turns into pictures, which is how reviewers look at it.
    run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(rendered_pdf), str(tmp_path / "page"))
    assert list(tmp_path.glob("page-*.png"))
