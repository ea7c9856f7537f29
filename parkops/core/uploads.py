"""Checks on uploaded files: the type is read from the content, never trusted from the name."""

from __future__ import annotations

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
    name = upload.name or ""
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
