"""Upload → preview → confirm, the one way every import page works.

Between the preview and the confirmation the uploaded file is kept in MEDIA_ROOT/imports/ under a
random name that only the session knows; the confirmation reads it again and commits what it reads
then, so nothing from the form decides which file is imported or what is written.

A page subclasses ImportView and says who may use it, which importer reads the file with which
settings from the form, and where to go once it is done.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files import File
from django.shortcuts import redirect, render
from django.views import View

from parkops.core.imports import ImportBusy, Importer, ImportFileError, ImportOutcome, ImportRejected, Preview
from parkops.core.permissions import require

KEEP_SECONDS = 24 * 3600  # an upload left unconfirmed for a day is removed
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
KINDS = {"docx", "xlsx", "csv"}  # csv: the monitoring results (environment) may come as text


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _kept_path(entry: dict) -> Path | None:
    if not _TOKEN.match(entry.get("token", "")) or entry.get("kind") not in KINDS:
        return None
    return imports_dir() / f"{entry['token']}.{entry['kind']}"


def _sweep() -> None:
    folder = imports_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def lines_with_problems(preview: Preview, lines) -> list[dict]:
    """Each line of a preview with the problems found in its row, as the preview tables show them."""
    return [{"line": line, "problems": problems, "has_error": any(p.is_error for p in problems)}
            for line in lines for problems in [preview.problems_for(line.row)]]


class ImportView(LoginRequiredMixin, View):
    """Subclasses set the names below and implement allowed(), settings(), importer() and done_url()."""

    title: str
    form_class: type
    upload_template: str
    preview_template: str
    session_key: str

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def settings(self, form) -> dict:
        """What the importer needs from the form, as plain values the session can keep."""
        return {}

    def importer(self, entry: dict) -> Importer:
        raise NotImplementedError

    def done_url(self, outcome: ImportOutcome) -> str:
        raise NotImplementedError

    def upload_context(self) -> dict:
        return {}

    def preview_context(self, preview: Preview) -> dict:
        """What the preview template shows besides the counts: by default each of the preview's `lines`
        with the problems found in its row."""
        return {"lines": lines_with_problems(preview, getattr(preview, "lines", ()))}

    def revised(self, entry: dict, data) -> dict:
        """The settings as changed on the preview page (a column mapped by hand), to read the kept file
        again with; by default nothing there changes them."""
        return entry

    # -- the flow --------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(self.allowed(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._upload_page(self.form_class())

    def post(self, request):
        step = request.POST.get("step")
        if step == "confirm":
            return self._confirm()
        if step == "repreview":
            return self._repreview()
        if step == "cancel":
            self._discard()
            messages.info(request, "已取消导入。")
            return redirect(request.path)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(form)
        upload = form.cleaned_data["file"]
        entry = {"filename": upload.name, **self.settings(form)}
        try:
            preview = self.importer(entry).preview(upload)
        except ImportFileError as error:
            form.add_error("file", error.message)
            return self._upload_page(form)
        self._discard()
        _sweep()
        entry.update(token=uuid.uuid4().hex, kind=preview.kind)
        path = _kept_path(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as kept:
            for chunk in upload.chunks():
                kept.write(chunk)
        request.session[self.session_key] = entry
        return self._preview_page(preview, entry)

    def _kept(self) -> tuple[dict, Path] | tuple[None, None]:
        """The upload this preview page was made from, if it is still kept for the token the page sent."""
        entry = self.request.session.get(self.session_key)
        path = _kept_path(entry) if entry else None
        if path is None or entry["token"] != self.request.POST.get("token") or not path.is_file():
            messages.error(self.request, "导入已过期或已完成，请重新上传文件。")
            return None, None
        return entry, path

    def _confirm(self):
        request = self.request
        entry, path = self._kept()
        if entry is None:
            return redirect(request.path)
        importer = self.importer(entry)
        try:
            # The kept file is read again: the commit writes what the file says now, checked again.
            with File(path.open("rb"), name=entry["filename"]) as kept:
                preview = importer.preview(kept)
            outcome = importer.commit(preview, user=request.user)
        except ImportFileError as error:
            self._discard()
            messages.error(request, error.message)
            return redirect(request.path)
        except ImportRejected as rejected:
            if isinstance(rejected, ImportBusy):
                messages.error(request, rejected.message)
            return self._preview_page(preview, entry)
        self._discard()
        messages.success(request, f"已导入“{entry['filename']}”：{outcome.summary()}。")
        return self.done(outcome)

    def _repreview(self):
        """The kept file read again with the settings changed on the preview page."""
        request = self.request
        entry, path = self._kept()
        if entry is None:
            return redirect(request.path)
        for settings_tried in (self.revised(dict(entry), request.POST), entry):
            try:
                with File(path.open("rb"), name=entry["filename"]) as kept:
                    preview = self.importer(settings_tried).preview(kept)
            except ImportFileError as error:
                messages.error(request, f"{error.message}（已恢复为上一次的设置）")
                continue
            request.session[self.session_key] = settings_tried
            return self._preview_page(preview, settings_tried)
        self._discard()
        return redirect(request.path)

    def done(self, outcome: ImportOutcome):
        """The answer to a confirmed import: by default, the page of what was imported."""
        return redirect(self.done_url(outcome))

    def _discard(self) -> None:
        entry = self.request.session.pop(self.session_key, None)
        path = _kept_path(entry) if entry else None
        if path is not None:
            path.unlink(missing_ok=True)

    def _upload_page(self, form):
        context = {"title": self.title, "form": form, **self.upload_context()}
        return render(self.request, self.upload_template, context)

    def _preview_page(self, preview: Preview, entry: dict):
        context = {
            "title": f"{self.title}：预览",
            "preview": preview,
            "entry": entry,
            "file_problems": [p for p in preview.problems if p.row is None],
            "row_problems": [p for p in preview.problems if p.row is not None],
            **self.preview_context(preview),
        }
        return render(self.request, self.preview_template, context)
