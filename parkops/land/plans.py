"""The park's plan (总平面图) and the parcels' outlines on it.

An uploaded plan is checked as an attachment is (core.uploads.check_attachment: its type read from its
content, its pixels bounded), then re-encoded from its pixels alone, as a project's site photos are: the
orientation its EXIF says applied first, nothing of the EXIF, XMP or comments kept, and shrunk to fit
settings.LAND_PLAN_MAX_PIXELS. A drawing stays a PNG (its lines stay sharp), a photograph a JPEG.

An outline is a polygon of at least three points in the stored picture's pixels; the editor (static
land/plan-editor.js) adds a point where it is clicked, and the same points can be typed as "x,y x,y …".
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from parkops.core.uploads import check_attachment, display_name

PLAN_KINDS = {"png", "jpg"}
JPEG_QUALITY = 88
MAX_POINTS = 200

# The lights' colours (choices.USE_STATUS_COLOURS) as SVG fills: a presentation attribute, which the CSP
# leaves alone, not a style.
FILLS = {"darkred": "#842029", "red": "#dc3545", "yellow": "#ffc107", "green": "#198754", "grey": "#6c757d"}


@dataclass(frozen=True)
class ProcessedPlan:
    content: bytes
    width: int
    height: int
    name: str


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def process_plan(upload: UploadedFile) -> ProcessedPlan:
    """Check, upright, shrink and re-encode a plan; ValidationError in Chinese if it is not a PNG or JPEG."""
    name = display_name(upload.name or "平面图")
    kind = check_attachment(upload, allowed=PLAN_KINDS, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    limit = settings.LAND_PLAN_MAX_PIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                opened.load()
                image = _flatten(ImageOps.exif_transpose(opened))
                image.thumbnail((limit, limit), Image.Resampling.LANCZOS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"平面图“{name}”像素过大，无法处理。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(f"平面图“{name}”已损坏或不完整，无法读取。") from None
    finally:
        upload.seek(0)
    image.info.clear()  # nothing of the original's metadata goes with the pixels
    buffer = BytesIO()
    if kind == "png":
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPlan(buffer.getvalue(), image.width, image.height, f"{PurePath(name).stem}.{kind}")


def parse_points(text: str) -> list[list[int]]:
    """"x,y x,y …" (spaces, semicolons or new lines between points; Chinese commas too) as [[x, y], …]."""
    text = (text or "").replace("，", ",").replace("；", " ").replace(";", " ")
    points = []
    for pair in text.split():
        parts = pair.split(",")
        if len(parts) != 2:
            raise ValidationError(f"“{pair}”不是“横坐标,纵坐标”形式的点。")
        try:
            points.append([round(float(parts[0])), round(float(parts[1]))])
        except ValueError:
            raise ValidationError(f"“{pair}”不是“横坐标,纵坐标”形式的点。") from None
    return points


def points_text(points) -> str:
    return " ".join(f"{x},{y}" for x, y in points or [])


def check_outline(points: list[list[int]], *, width: int, height: int) -> None:
    if not points:
        return  # no outline: cleared
    if len(points) < 3:
        raise ValidationError("宗地轮廓至少需要3个点。")
    if len(points) > MAX_POINTS:
        raise ValidationError(f"宗地轮廓最多{MAX_POINTS}个点。")
    for x, y in points:
        if not (0 <= x <= width and 0 <= y <= height):
            raise ValidationError(f"点（{x},{y}）在平面图（{width}×{height}像素）之外。")
