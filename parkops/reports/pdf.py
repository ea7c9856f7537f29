"""PDF through LibreOffice, when the server has it: optional, and the report centre says so when not."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

UNAVAILABLE = "本服务器未安装 LibreOffice，暂不能生成 PDF；可下载 Word 文件后另存为 PDF。"


class PdfUnavailable(Exception):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_available() -> bool:
    return soffice() is not None


def docx_to_pdf(docx: bytes, *, timeout: int = 180) -> bytes:
    command = soffice()
    if command is None:
        raise PdfUnavailable(UNAVAILABLE)
    with tempfile.TemporaryDirectory(prefix="parkops-pdf-") as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        # A profile of its own: a LibreOffice the server's user already runs would otherwise take the job.
        result = subprocess.run(
            [command, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(source)],
            capture_output=True, text=True, timeout=timeout,
        )
        target = Path(folder) / "report.pdf"
        if result.returncode != 0 or not target.exists():
            raise PdfUnavailable(f"LibreOffice 转换 PDF 失败：{(result.stderr or result.stdout).strip()[:200]}")
        return target.read_bytes()
