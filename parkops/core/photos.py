"""Photos (现场照片 of key projects, 隐患 photos before and after rectification): what a phone uploads becomes a
small JPEG without its metadata.

A phone photo carries its GPS position, the phone's model and the time in its EXIF block. Site photos
of a project are shown to leaders and printed in reports, and where an enterprise builds is not for
anyone who receives the report to read off a picture, so every photo is re-encoded from its pixels
alone: no EXIF, no XMP, no comment survives. The orientation the phone wrote in EXIF is applied to the
pixels first, or portrait photos would come out lying on their side. Photos are resized to fit
settings.SITE_PHOTO_MAX_PIXELS: a 48-megapixel original is too heavy for the intranet and for Word.

The type is read from the content (core.uploads), never from the name.
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

from parkops.core.uploads import check_upload, display_name, sniff_extension

try:  # iPhones save HEIC; Pillow reads it only with the pillow-heif plug-in, which is optional.
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    HEIC_SUPPORTED = False
else:  # pragma: no cover - depends on the installation
    register_heif_opener()
    HEIC_SUPPORTED = True

PHOTO_KINDS = {"jpg", "png", "webp"} | ({"heic"} if HEIC_SUPPORTED else set())
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ProcessedPhoto:
    content: bytes
    width: int
    height: int
    name: str  # the original name with a .jpg extension: what the file now is


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG; transparent areas (a PNG screenshot) on white rather than black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def process_photo(upload: UploadedFile) -> ProcessedPhoto:
    """Check, upright, resize and re-encode a site photo; raise ValidationError in Chinese if it is not one."""
    name = display_name(upload.name or "照片")
    if not HEIC_SUPPORTED and upload.size and sniff_extension(upload) == "heic":
        raise ValidationError(
            f"照片“{name}”为HEIC格式，系统暂不能处理。请在手机相机设置中选择“兼容性最佳”，或转为JPEG后上传。"
        )
    check_upload(upload, allowed=PHOTO_KINDS, max_bytes=settings.ATTACHMENT_MAX_BYTES)

    limit = settings.SITE_PHOTO_MAX_PIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Above Pillow's pixel limit is a decompression bomb, not a photo: refuse it, don't decode it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                opened.load()
                image = ImageOps.exif_transpose(opened)
                image = _flatten(image)
                image.thumbnail((limit, limit), Image.Resampling.LANCZOS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"照片“{name}”像素过大，无法处理。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(f"照片“{name}”已损坏或不完整，无法读取，请重新拍摄或上传。") from None
    finally:
        upload.seek(0)

    icc_profile = image.info.get("icc_profile")
    image.info.clear()  # Pillow would carry a JPEG comment or XMP over from the original's info
    buffer = BytesIO()
    options = {"quality": JPEG_QUALITY, "optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile  # the colours, not metadata about the place
    image.save(buffer, format="JPEG", **options)
    return ProcessedPhoto(buffer.getvalue(), image.width, image.height, f"{PurePath(name).stem}.jpg")
