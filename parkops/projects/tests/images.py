"""Photos as a liaison's phone takes them, built with Pillow for the tests."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
# 德安县, where the seed's park is: 29.31° N, 115.76° E.
GPS = {1: "N", 2: (29.0, 18.0, 36.0), 3: "E", 4: (115.0, 45.0, 36.0)}


def phone_jpeg(width: int = 4000, height: int = 3000, *, orientation: int | None = None) -> bytes:
    """A JPEG with the GPS position, the phone's make and (optionally) an EXIF orientation."""
    image = Image.new("RGB", (width, height), (180, 120, 60))
    image.paste((20, 40, 200), (0, 0, width // 4, height // 4))  # a mark in the top-left corner
    exif = Image.Exif()
    exif[MAKE] = "Xiaomi"
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update(GPS)
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=80)
    return buffer.getvalue()


def png_with_transparency(width: int = 200, height: int = 100) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
