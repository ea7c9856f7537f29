"""Coverage-guided fuzzing with atheris of what reads untrusted text and files: the number, deadline,
target and period parsers, and core.fileparse.read_tables on .xlsx and .docx bytes.

    make fuzz                      # a bounded run of each target (FUZZ_RUNS, default 20000)
    .venv/bin/python scripts/fuzz/fuzz_parsers.py numbers -runs=100000

A finding stops the run with the input that crashed it: keep it as a named regression test next to the
parser's own tests, and fix the parser. Not part of make test: its inputs depend on coverage, not a seed.
"""

from __future__ import annotations

import os
import sys
import zipfile
from io import BytesIO

import atheris

with atheris.instrument_imports():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    django.setup()
    from parkops.core.fileparse import ParseRefused, SheetLimits, read_tables
    from parkops.core.periods import parse_period
    from parkops.economy.importers import read_number
    from parkops.supervision.importers import parse_deadline
    from parkops.supervision.targets import parse_targets, read_figure

LIMITS = SheetLimits(max_rows=1000, max_columns=100, max_cells=100_000, max_cell_chars=32_767)


def numbers(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    text = provider.ConsumeUnicodeNoSurrogates(200)
    try:
        read_number(text)
    except ValueError:
        pass
    try:
        parse_period(text)
    except ValueError:
        pass
    parse_deadline(text, provider.ConsumeIntInRange(1, 9999))
    parse_targets(text)
    read_figure(text, "万元")


def files(data: bytes) -> None:
    # The fuzzer's bytes as the sheet part of a real workbook's zip, or the document part of a .docx:
    # mutating a zip's compressed stream would only ever test zlib.
    kind = "xlsx" if data[:1] != b"d" else "docx"
    part = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(TEMPLATES[kind])) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, data[1:] if info.filename == part else source.read(info))
    try:
        read_tables(buffer.getvalue(), kind, LIMITS)
    except ParseRefused:
        pass
    except Exception as error:  # noqa: BLE001 — a damaged file may raise anything; the parent says 已损坏
        if isinstance(error, (MemoryError, RecursionError)):
            raise


def _templates() -> dict[str, bytes]:
    import docx
    from openpyxl import Workbook

    book, buffer = Workbook(), BytesIO()
    book.active.append(["序号", "目标任务", "责任单位"])
    book.save(buffer)
    document, docx_buffer = docx.Document(), BytesIO()
    document.add_table(rows=2, cols=3).cell(0, 0).text = "序号"
    document.save(docx_buffer)
    return {"xlsx": buffer.getvalue(), "docx": docx_buffer.getvalue()}


TEMPLATES = _templates()
TARGETS = {"numbers": numbers, "files": files}

if __name__ == "__main__":
    target = TARGETS[sys.argv.pop(1)] if len(sys.argv) > 1 and sys.argv[1] in TARGETS else numbers
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
