"""A corpus of hostile files, built in code: zip bombs (honest and lying about their sizes), XML external
entities and billion laughs in every part an Office reader opens, encrypted and macro-enabled files,
files that are not what their name says, sheets past the limits, active PDFs, a pixel bomb, and names
with folders or control characters.

Sizes assume the limits the matrix test sets (LIMITS below): 1 MB uploads, 50 rows, 1,000 characters.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

import docx
from openpyxl import Workbook

from parkops.core.uploads import OLE_SIGNATURE

LIMITS = {"IMPORT_MAX_BYTES": 1024 * 1024, "ATTACHMENT_MAX_BYTES": 1024 * 1024, "IMPORT_MAX_ROWS": 50,
          "IMPORT_MAX_CELL_CHARS": 1000}
BOMB_BYTES = 25 * 1024 * 1024  # past 20 × 1 MB once inflated, about 25 KB compressed
SECRET_MARK = "root:x:0:0"  # the first line of /etc/passwd: must never come back in a page or the database

XXE_FILE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_HTTP = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>'
BILLION_LAUGHS = (b'<!DOCTYPE x [<!ENTITY a "lol">' + b"".join(
    b'<!ENTITY %s "%s">' % (chr(ord("b") + n).encode(), (b"&" + chr(ord("a") + n).encode() + b";") * 10)
    for n in range(9)) + b"]>")
BILLION_LAUGHS_REF = b"&j;"


@dataclass(frozen=True)
class Hostile:
    label: str
    filename: str
    content: bytes
    # A big but honest workbook is a fine attachment: only the importers' limits refuse it.
    fine_as_attachment: bool = False


def ledger_xlsx(rows=None) -> bytes:
    book = Workbook()
    for row in rows or [["序号", "目标任务", "责任单位"], ["1", "工业营业收入增长10%以上", "工信局"]]:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return with_shared_strings(buffer.getvalue())


SHARED_STRINGS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                  '<si><t>工信局</t></si></sst>').encode()


def with_shared_strings(content: bytes) -> bytes:
    """openpyxl writes its strings inline; Excel and WPS write them in xl/sharedStrings.xml, which is
    where a hostile file puts its entities too."""
    types = member(content, "[Content_Types].xml").replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    rels = member(content, "xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
        b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    return rebuilt(content, replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
                   add={"xl/sharedStrings.xml": SHARED_STRINGS})


def ledger_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("2026年目标任务一览表")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(["序号", "目标任务", "责任单位"]):
        table.cell(0, column).text = text
    for column, text in enumerate(["1", "工业营业收入增长10%以上", "工信局"]):
        table.cell(1, column).text = text
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rebuilt(content: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    replace, add = replace or {}, add or {}
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)), zipfile.ZIP_DEFLATED)
        for name, data in add.items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def member(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return archive.read(name)


def with_dtd(xml: bytes, dtd: bytes, reference: bytes = b"&xxe;") -> bytes:
    """The part with a DTD after its XML declaration, and the entity used in its first text."""
    declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    xml = xml[:declaration_end] + dtd + xml[declaration_end:]
    for text_tag in (b"<t>", b"<w:t>", b"<dc:title>"):
        if text_tag in xml:
            return xml.replace(text_tag, text_tag + reference, 1)
    return xml


def lying_about_size(content: bytes, name: str, declared: int) -> bytes:
    """`name` declares `declared` bytes inflated, in its local header and the central directory, whatever
    it really holds."""
    data = bytearray(content)
    with zipfile.ZipFile(BytesIO(content)) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    encoded = name.encode()
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(encoded)] != encoded:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def ole_file(*streams: str) -> bytes:
    """The head of a Compound File Binary file naming the given streams in its directory."""
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in streams)
    return OLE_SIGNATURE + b"\0" * 504 + directory + b"\0" * 2048


def pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + body + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png_pixel_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A PNG declaring 3.6 billion pixels in a few hundred bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
            + chunk(b"IEND", b""))


def small_png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PLAIN_PDF = pdf(b"1 0 obj\n<< /Type /Catalog >>\nendobj")


def corpus() -> list[Hostile]:
    xlsx, document = ledger_xlsx(), ledger_docx()
    files = [
        Hostile("zip bomb .xlsx", "台账.xlsx", rebuilt(xlsx, add={"xl/media/padding.bin": b"\0" * BOMB_BYTES})),
        Hostile("zip bomb .docx", "台账.docx", rebuilt(document, add={"word/media/padding.bin": b"\0" * BOMB_BYTES})),
        Hostile("zip bomb .xlsx declaring 1 KB", "台账.xlsx", lying_about_size(
            rebuilt(xlsx, add={"xl/media/padding.bin": b"\0" * BOMB_BYTES}), "xl/media/padding.bin", 1000)),
        Hostile("zip bomb .docx whose document declares 1 KB", "台账.docx", lying_about_size(
            rebuilt(document, replace={"word/document.xml": member(document, "word/document.xml")
                                       + b" " * BOMB_BYTES}), "word/document.xml", 1000)),
    ]
    files.append(Hostile("zip of 6000 parts", "台账.xlsx",
                         rebuilt(xlsx, add={f"xl/media/image{n}.png": b"" for n in range(6000)})))
    parts = {"xlsx": (xlsx, ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                             "[Content_Types].xml", "docProps/core.xml", "docProps/app.xml"]),
             "docx": (document, ["word/document.xml", "[Content_Types].xml", "docProps/core.xml"])}
    for kind, (base, names) in parts.items():
        with zipfile.ZipFile(BytesIO(base)) as archive:
            present = set(archive.namelist())
        for name in names:
            if name not in present:
                continue
            original = member(base, name)
            for what, dtd, reference in (("XXE file:///etc/passwd", XXE_FILE, b"&xxe;"),
                                         ("XXE http://127.0.0.1", XXE_HTTP, b"&xxe;"),
                                         ("billion laughs", BILLION_LAUGHS, BILLION_LAUGHS_REF)):
                files.append(Hostile(f"{what} in {name} of .{kind}", f"台账.{kind}",
                                     rebuilt(base, replace={name: with_dtd(original, dtd, reference)})))
    # A DTD pushed past the first lines by a long comment: the prolog check cannot be walked around.
    padded = member(xlsx, "xl/sharedStrings.xml").replace(
        b"?>", b"?><!--" + b"x" * 20_000 + b"-->" + XXE_FILE, 1).replace(b"<t>", b"<t>&xxe;", 1)
    files.append(Hostile("XXE behind a 20 KB comment in sharedStrings", "台账.xlsx",
                         rebuilt(xlsx, replace={"xl/sharedStrings.xml": padded})))
    macro_types = member(xlsx, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    files += [
        Hostile("encrypted workbook (OLE EncryptedPackage)", "台账.xlsx",
                ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage")),
        Hostile("encrypted document (OLE EncryptedPackage)", "台账.docx",
                ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage")),
        Hostile("old .doc with a VBA project", "台账.doc", ole_file("Root Entry", "Macros", "VBA", "_VBA_PROJECT")),
        Hostile(".xlsm", "台账.xlsm", rebuilt(xlsx, replace={"[Content_Types].xml": macro_types},
                                             add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})),
        Hostile(".xlsm named .xlsx", "台账.xlsx", rebuilt(xlsx, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})),
        Hostile(".docm named .docx", "台账.docx", rebuilt(document, add={"word/vbaProject.bin": b"\xd0\xcf\x11macro"})),
        Hostile(".docm", "台账.docm", rebuilt(document, add={"word/vbaProject.bin": b"\xd0\xcf\x11macro"})),
        Hostile(".exe named .xlsx", "台账.xlsx", EXE),
        Hostile(".pdf named .xlsx", "台账.xlsx", PLAIN_PDF),
        Hostile(".png named .xlsx", "台账.xlsx", small_png()),
        Hostile(".xlsx named .docx", "台账.docx", xlsx),
        Hostile("sheet past the row limit", "台账.xlsx",
                ledger_xlsx([["序号", "目标任务", "责任单位"]] + [[str(n), "任务", "工信局"] for n in range(60)]),
                fine_as_attachment=True),
        Hostile("cell past the length limit", "台账.xlsx",
                ledger_xlsx([["序号", "目标任务", "责任单位"], ["1", "很" * 1001, "工信局"]]), fine_as_attachment=True),
        Hostile("PDF with /OpenAction JavaScript", "进展.pdf",
                pdf(b"1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj")),
        Hostile("PDF with /Launch", "进展.pdf",
                pdf(b"1 0 obj\n<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>\nendobj")),
        Hostile("PDF with /J#61vaScript escaped", "进展.pdf",
                pdf(b"1 0 obj\n<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >>\nendobj")),
        Hostile("PDF with JavaScript in a compressed object stream", "进展.pdf", pdf(
            b"2 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length 60 >>\nstream\n"
            + zlib.compress(b"<< /S /JavaScript /JS (app.launchURL('x')) >>") + b"\nendstream\nendobj")),
        Hostile("PNG of 60000x60000 pixels", "现场.png", png_pixel_bomb()),
        Hostile("path ../../etc/x.xlsx", "../../etc/x.xlsx", EXE),
        Hostile("path C:\\x\\y.xlsx", "C:\\x\\y.xlsx", EXE),
        Hostile("NUL in the name", "台账\x00.xlsx", EXE),
        Hostile("control characters in the name", "台\x1b[31m账\r\n.xlsx", EXE),
    ]
    return files
