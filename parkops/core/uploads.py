"""Checks on uploaded files: the type is read from the content, never trusted from the name."""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
import zlib
from io import BytesIO

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# Extension -> human name of the kinds a unit may attach to a progress report.
ATTACHMENT_KINDS = {
    "jpg": "图片", "png": "图片", "gif": "图片", "webp": "图片", "heic": "图片", "bmp": "图片",
    "pdf": "PDF", "doc": "Word", "docx": "Word", "wps": "WPS文字", "xls": "Excel", "xlsx": "Excel",
    "et": "WPS表格", "ppt": "PowerPoint", "pptx": "PowerPoint", "odt": "文档", "ods": "表格",
}
# Names whose content is rightly another extension's format: WPS saves its own extensions in the Office
# formats underneath, and cameras and phones name JPEG photos .jpeg as often as .jpg.
_SAME_FORMAT = {"wps": {"doc", "docx"}, "et": {"xls", "xlsx"}, "jpeg": {"jpg"}}
LEDGER_KINDS = {"docx", "xlsx"}
ZIP_OFFICE_KINDS = {"docx", "xlsx", "pptx", "odt", "ods"}
# A zip that inflates far beyond its size is a zip bomb, not a ledger; real tables inflate ~10×.
MAX_INFLATION = 20


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}MB" if size >= 1024 * 1024 else f"{size / 1024:.0f}KB"


def sniff_extension(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    # filetype reads only the head: a .docx and an .xlsx are both zip archives until the directory
    # is read, so an Office-looking zip is told apart by the whole file.
    if kind.extension in {"zip", "docx", "xlsx", "pptx"}:
        kind = filetype.guess(upload.read()) or kind
        upload.seek(0)
    return kind.extension


def check_upload(upload: UploadedFile, *, allowed: set[str], max_bytes: int) -> str:
    """Return the real extension of an acceptable upload, or raise with a message in Chinese."""
    name = display_name(upload.name or "")
    if upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    if upload.size > max_bytes:
        raise ValidationError(f"文件“{name}”大小为{human_size(upload.size)}，超过上限{human_size(max_bytes)}。")
    claimed = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    actual = sniff_extension(upload)
    if actual is None or actual not in allowed and not any(actual in _SAME_FORMAT.get(a, ()) for a in allowed):
        allowed_text = "、".join(sorted({ATTACHMENT_KINDS.get(a, a.upper()) for a in allowed}))
        raise ValidationError(f"文件“{name}”的内容不是允许的类型（允许：{allowed_text}）。")
    if claimed and claimed != actual and actual not in _SAME_FORMAT.get(claimed, ()):
        raise ValidationError(f"文件“{name}”的扩展名与内容不符：内容为{actual.upper()}格式。")
    return actual


# ---------------------------------------------------------------------------------------------------
# Names and active content

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # encrypted Office files and the old .doc/.xls
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# The VBA project's stream, as an OLE directory names it in a .doc, .xls or .ppt with macros.
_OLE_VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")
# A real .docx or .xlsx has a few dozen parts, a large workbook with pictures a few hundred.
MAX_ZIP_MEMBERS = 5000
# Office writes its XML declaration and the root element on the first line; a prolog longer than this
# is hiding something.
_PROLOG_BYTES = 16 * 1024
_XML_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
# Deflate cannot shrink less than stored blocks do: 5 bytes of framing per 64 KB, and a little for the stream.
_DEFLATE_SLACK = 1024


def display_name(name: str) -> str:
    """An uploaded file's name as it may be shown and kept: no folders (“../../etc/x.xlsx”, “C:\\x\\y.xlsx”),
    no NUL or control characters (which would cut or disguise the name in a log or a download)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return cleaned[:255] or "未命名文件"


def zip_refusal(data: bytes, name: str, *, max_inflated: int) -> str | None:
    """Why an Office file (a zip of XML parts) is refused, in Chinese, or None: a zip bomb by its declared
    sizes, a directory that lies about them, macros, or XML with a DTD (external entities, billion laughs).
    Nothing here inflates more than a part's first lines; the parsing itself runs in a limited child."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return f"文件“{name}”含有{len(members)}个部件，不像是正常的Office文件，已拒绝。"
            if sum(info.file_size for info in members) > max_inflated:
                return f"文件“{name}”解压后过大，不像是正常的表格文件，已拒绝。"
            if any(_lies_about_size(info) for info in members):
                return f"文件“{name}”的压缩目录与内容不符（声明的大小是假的），不像是正常的Office文件，已拒绝。"
            if any(info.filename.lower().endswith("vbaproject.bin") for info in members) \
                    or b"macroEnabled" in _content_types(archive):
                return (f"文件“{name}”含有宏（启用宏的.xlsm/.docm），为安全起见不予接收。"
                        "请在Excel/WPS中另存为不含宏的.xlsx或.docx后再上传。")
            if any(_has_dtd(archive, info) for info in members if _is_xml(info)):
                return (f"文件“{name}”的XML中含有文档类型定义（DTD/实体声明），正常的Office文件不会有，"
                        "可能是攻击文件，已拒绝。请用Word/Excel/WPS打开并另存后再上传。")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        # NotImplementedError: a compression method no Office writer uses; the others: a damaged archive,
        # or a part whose content does not match its checksum.
        return f"文件“{name}”已损坏，无法读取。请用Word/WPS打开并另存后再上传。"
    except _ContentTypesTooLarge:
        return "文件结构异常（内容类型清单过大），已拒绝。"
    return None


class _ContentTypesTooLarge(Exception):
    pass


def _lies_about_size(info: zipfile.ZipInfo) -> bool:
    # More compressed bytes than the part declares once inflated: the declared size is false, and a reader
    # trusting it (or not) may inflate far more than the total checked above.
    return info.compress_size > info.file_size + info.file_size // 1000 + _DEFLATE_SLACK


def _content_types(archive: zipfile.ZipFile) -> bytes:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return b""
    if info.file_size > 1024 * 1024:  # a real one lists a few dozen parts
        raise _ContentTypesTooLarge
    return archive.read(info)


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.lower().endswith((".xml", ".rels", ".vml"))


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DTD can only stand in the prolog, before the root element: the first lines of the part tell."""
    with archive.open(info) as stream:
        head = stream.read(_PROLOG_BYTES)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return True
    # A root element beyond the first 16 KB: a prolog padded to push a DTD out of sight.
    return len(head) == _PROLOG_BYTES and _ELEMENT_START.search(_XML_COMMENT.sub(b"", head)) is None


_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
_PDF_STREAM = re.compile(rb"/FlateDecode.*?stream\r?\n(.*?)endstream", re.S)
_PDF_INFLATE_BUDGET = 32 * 1024 * 1024  # scripts hidden in compressed object streams; a bomb stops here


def pdf_active_content(data: bytes) -> str | None:
    """The first kind of active content a PDF carries (JavaScript, a launch action, an embedded file), or
    None. Names may be written with #xx escapes (/J#61vaScript) and dictionaries hidden in compressed
    object streams, so both are undone before looking."""
    texts = [data]
    budget = _PDF_INFLATE_BUDGET
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        texts.append(inflated)
    for text in texts:
        found = _PDF_ACTIVE.search(_PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text))
        if found:
            return found.group(1).decode()
    return None


_PDF_ACTIVE_LABELS = {"JavaScript": "JavaScript脚本", "JS": "JavaScript脚本", "Launch": "启动外部程序的动作",
                      "EmbeddedFile": "嵌入的文件", "RichMedia": "嵌入的多媒体程序", "XFA": "XFA动态表单脚本"}


def check_attachment(upload: UploadedFile, *, allowed: set[str], max_bytes: int) -> str:
    """check_upload, and refuse active content: macros, PDF scripts and launch actions, encrypted files
    (which no virus scanner can open), Office files built against their reader. Attachments are opened
    by reviewers on office machines of the intranet, so content that runs is refused, not flagged:
    a warning is clicked through, and macros or scripts are never needed in a progress report."""
    name = display_name(upload.name or "")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise ValidationError(f"文件“{name}”设有打开密码（已加密），无法进行安全检查，不予接收。"
                                  "请取消密码后再上传。")
        if _OLE_VBA_STREAM in data:
            raise ValidationError(f"文件“{name}”含有宏，为安全起见不予接收。请另存为不含宏的.docx或.xlsx后再上传。")
    kind = check_upload(upload, allowed=allowed, max_bytes=max_bytes)
    if kind in ZIP_OFFICE_KINDS:
        refusal = zip_refusal(data, name, max_inflated=max_bytes * MAX_INFLATION)
        if refusal:
            raise ValidationError(refusal)
    if kind in IMAGE_KINDS:
        _check_pixels(data, name)
    if kind == "pdf":
        active = pdf_active_content(data)
        if active:
            raise ValidationError(f"PDF文件“{name}”含有{_PDF_ACTIVE_LABELS[active]}，为安全起见不予接收。"
                                  "请用“打印为PDF”重新生成不含脚本的PDF后再上传。")
    return kind


IMAGE_KINDS = {"jpg", "png", "gif", "webp", "bmp"}


def _check_pixels(data: bytes, name: str) -> None:
    """A picture declaring billions of pixels in a few hundred bytes hangs the reviewer's viewer: its
    header is read (not its pixels) and it is refused above Pillow's decompression-bomb limit."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.open(BytesIO(data)).close()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"图片“{name}”像素过大，不像是正常的图片，不予接收。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass  # a picture Pillow cannot read is stored as sent, as before: only its size is our concern here
