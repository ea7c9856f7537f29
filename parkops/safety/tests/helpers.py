"""What the safety tests share: a hazard made through the services, a phone photo with its EXIF."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parkops.safety import services
from parkops.safety.choices import Level
from parkops.safety.models import Hazard

MAKE, GPS_IFD = 0x010F, 0x8825


def phone_photo(name: str = "现场.jpg", width: int = 4000, height: int = 3000) -> SimpleUploadedFile:
    """A phone's JPEG: large, with the phone's make and its GPS position in EXIF."""
    image = Image.new("RGB", (width, height), (180, 120, 60))
    exif = Image.Exif()
    exif[MAKE] = "Xiaomi"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (29.0, 19.0, 40.0), 3: "E", 4: (115.0, 45.0, 30.0)})
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=70)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def hazard(park, user, *, unit=None, level=Level.GENERAL, found_on: date | None = None, **fields) -> Hazard:
    values = {"enterprise_name": "德安金鑫铸造有限公司", "place": "熔炼车间", "description": "中频炉冷却水系统未设置监测报警装置",
              "responsible_unit": unit, "major_category": "machinery" if level == Level.MAJOR else "", **fields}
    if found_on:
        values["found_on"] = found_on
    return services.hazard_register(hazard=Hazard(park=park, level=level, **values), user=user)
