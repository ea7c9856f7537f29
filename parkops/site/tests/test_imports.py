"""The import framework, through a small importer declared the way every importer is: columns with
their synonyms, build() and write(). Bad files are refused in Chinese and write nothing."""

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from parkops.core.imports import (
    OLE_SIGNATURE,
    Column,
    Importer,
    ImportFileError,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    Preview,
    normalise_header,
    read_document,
)
from parkops.core.models import AuditAction, AuditEntry
from parkops.org.models import Unit


@dataclass
class UnitPreview(Preview):
    names: list[tuple[str, str]] = field(default_factory=list)


class UnitImporter(Importer):
    """A list of units: all a new importer has to say."""

    what = "单位名单"
    columns = (
        Column("name", "单位名称", ("名称", "单位")),
        Column("aliases", "别名", ("其他写法",), required=False),
    )

    def __init__(self, park, *, fail_after: int | None = None):
        self.park = park
        self.fail_after = fail_after

    def build(self, table: MappedTable, *, filename: str) -> UnitPreview:
        preview = UnitPreview(filename=filename)
        for row in table.rows:
            name = table.value(row, "name")
            if not name:
                preview.error(row.number, "缺少单位名称。")
                continue
            preview.names.append((name, table.value(row, "aliases")))
        return preview

    def write(self, preview: UnitPreview, *, user) -> ImportOutcome:
        for count, (name, aliases) in enumerate(preview.names):
            if self.fail_after is not None and count == self.fail_after:
                raise RuntimeError("写到一半出错")
            Unit.objects.create(park=self.park, name=name, aliases=aliases)
        return ImportOutcome(None, {"新增单位": len(preview.names)})


def xlsx(rows: list[list], merges: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(rows: list[list[str]] | None, *, paragraphs: tuple[str, ...] = ()) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=0, cols=len(rows[0]))
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


UNITS = xlsx([["单位名单"], ["单位\n名称", "其他写法（用顿号分隔）"], ["工信局", ""],
              ["德安中寰工业发展集团有限公司", "中寰集团、工发集团"]], merges=("A1:B1",))


def test_a_declared_importer_reads_maps_previews_and_commits(park, supervisor):
    importer = UnitImporter(park)

    preview = importer.preview(file("单位名单.xlsx", UNITS))
    outcome = importer.commit(preview, user=supervisor)

    assert preview.kind == "xlsx" and not preview.problems
    assert preview.names == [("工信局", ""), ("德安中寰工业发展集团有限公司", "中寰集团、工发集团")]
    assert outcome.summary() == "新增单位2"
    assert Unit.objects.get(name="德安中寰工业发展集团有限公司").alias_list() == ["中寰集团", "工发集团"]
    line = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert line.detail == "导入单位名单“单位名单.xlsx”：新增单位2" and line.username == "supervisor"


def test_the_same_importer_reads_a_word_table_below_a_title(park):
    content = docx_bytes([["序号", "名称"], ["1", "发改委"], ["2", "丰林镇"]], paragraphs=("附件2", "单位名单"))

    preview = UnitImporter(park).preview(file("名单.docx", content))

    assert preview.kind == "docx" and preview.names == [("发改委", ""), ("丰林镇", "")]


def test_headers_match_across_line_breaks_spaces_and_bracketed_notes():
    assert normalise_header("县政府\n责任领导") == normalise_header("县政府 责任领导") == "县政府责任领导"
    column = Column("progress", "完成情况", ("进展情况",))
    assert column.matches("完成情况（截至11月底）") and column.matches("进 展 情 况") and not column.matches("情况")


def test_row_problems_block_the_commit(park):
    importer = UnitImporter(park)
    preview = importer.preview(file("名单.xlsx", xlsx([["单位名称", "别名"], ["工信局", ""], ["", "工发集团"]])))

    assert [str(p) for p in preview.errors] == ["第3行：缺少单位名称。"]
    with pytest.raises(ImportRejected, match="有1处错误，未导入任何数据"):
        importer.commit(preview)
    assert Unit.objects.count() == 0 and AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 0


def test_a_failure_half_way_through_the_commit_leaves_nothing(park):
    importer = UnitImporter(park, fail_after=1)
    preview = importer.preview(file("单位名单.xlsx", UNITS))

    with pytest.raises(RuntimeError):
        importer.commit(preview)

    assert Unit.objects.count() == 0 and AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 0


# -- files that cannot be read ------------------------------------------------------------------------


def encrypted_office_file() -> bytes:
    """The head of a password-protected .docx: a CFB container holding EncryptionInfo and
    EncryptedPackage streams, named in UTF-16 in its directory."""
    header = OLE_SIGNATURE + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in
                         ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return header + directory + bytes(1024)


def zip_bomb() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override PartName="/xl/workbook.xml"/></Types>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, message", [
    ("名单.docx", b"", "文件“名单.docx”是空文件。"),
    ("名单.docx", "单位名称\n工信局\n".encode(), "文件“名单.docx”的内容不是允许的类型（允许：Excel、Word）。"),
    ("名单.docx", docx_bytes([["名称"], ["工信局"]])[:4000], "文件“名单.docx”已损坏，无法读取"),
    ("名单.docx", encrypted_office_file(), "文件“名单.docx”设有打开密码（已加密），系统无法读取。"),
    ("名单.doc", OLE_SIGNATURE + bytes(2000), "文件“名单.doc”是旧版Word/Excel格式（.doc/.xls），请在Word/WPS中另存为"),
    ("名单.xlsx", docx_bytes([["名称"], ["工信局"]]), "文件“名单.xlsx”的扩展名与内容不符：内容为DOCX格式。"),
    ("名单.docx", docx_bytes(None, paragraphs=("只有文字，没有表格",)), "文件“名单.docx”中没有表格。"),
    ("名单.xlsx", xlsx([["序号", "备注"], ["1", "工信局"]]), "未找到表头：缺少“单位名称”（也可写作“名称”、“单位”）列"),
])
def test_unreadable_files_are_refused_in_chinese_and_write_nothing(park, name, content, message):
    audit_lines = AuditEntry.objects.count()

    with pytest.raises(ImportFileError) as refused:
        UnitImporter(park).preview(file(name, content))

    assert message in refused.value.message
    assert Unit.objects.count() == 0 and AuditEntry.objects.count() == audit_lines


def test_an_oversized_file_is_refused(park, settings):
    settings.IMPORT_MAX_BYTES = 4 * 1024

    with pytest.raises(ImportFileError, match=r"文件“单位名单.xlsx”大小为\d+KB，超过上限4KB。"):
        UnitImporter(park).preview(file("单位名单.xlsx", UNITS))
    assert Unit.objects.count() == 0


def test_a_zip_that_inflates_far_beyond_its_size_is_refused(park, settings):
    settings.IMPORT_MAX_BYTES = 100 * 1024

    with pytest.raises(ImportFileError, match="解压后过大"):
        UnitImporter(park).preview(file("名单.xlsx", zip_bomb()))


def test_merged_cells_in_excel_give_headings_and_shared_values(park):
    content = xlsx([["单位名称", "别名"], ["县直部门"], [], ["工信局", "经信委"], ["工业和信息化局"]],
                   merges=("A2:B3", "B4:B5"))

    rows = read_document(file("名单.xlsx", content)).tables[0].rows
    preview = UnitImporter(park).preview(file("名单.xlsx", content))

    assert [r.spans_row for r in rows] == [False, True, False, False, False]
    # The two-row heading is read once; the alias merged over two rows belongs to both.
    assert preview.names == [("县直部门", ""), ("工信局", "经信委"), ("工业和信息化局", "经信委")]
