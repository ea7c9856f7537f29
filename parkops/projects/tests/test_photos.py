"""Site photos: upright, small, and without the phone's location (photos.process_photo)."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from parkops.core.photos import HEIC_SUPPORTED, process_photo
from parkops.projects.tests.images import GPS_IFD, phone_jpeg, png_with_transparency, upload


def opened(content: bytes) -> Image.Image:
    return Image.open(BytesIO(content))


def test_a_phone_photo_comes_out_without_its_gps_position_and_resized():
    photo = process_photo(upload("IMG_20251009.jpg", phone_jpeg(4000, 3000)))

    image = opened(photo.content)
    assert image.format == "JPEG"
    assert (photo.width, photo.height) == image.size == (1920, 1440)
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"Exif" not in photo.content and b"Xiaomi" not in photo.content


def test_a_photo_taken_upright_stays_upright_once_its_exif_is_gone():
    # The phone stored the pixels lying on their side and said "rotate 90°" in EXIF (orientation 6).
    photo = process_photo(upload("portrait.jpg", phone_jpeg(4000, 3000, orientation=6)))

    image = opened(photo.content).convert("RGB")
    assert (photo.width, photo.height) == (1440, 1920)
    # The blue mark from the stored top-left corner is now at the top right, where the phone showed it.
    red, green, blue = image.getpixel((image.width - 20, 20))
    assert blue > 150 and red < 80


def test_the_size_limit_comes_from_settings_and_small_photos_are_not_enlarged(settings):
    settings.SITE_PHOTO_MAX_PIXELS = 800
    assert process_photo(upload("a.jpg", phone_jpeg(4000, 3000))).width == 800
    assert process_photo(upload("b.jpg", phone_jpeg(640, 480))).width == 640


def test_a_transparent_screenshot_becomes_a_jpeg_on_white():
    photo = process_photo(upload("screenshot.png", png_with_transparency()))

    assert photo.name == "screenshot.jpg"
    assert opened(photo.content).convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        process_photo(upload("现场.jpg", "项目现场照片".encode() * 100))

    assert "文件“现场.jpg”的内容不是允许的类型" in error.value.messages[0]


def test_a_pdf_named_jpg_is_refused():
    with pytest.raises(ValidationError, match="内容不是允许的类型"):
        process_photo(upload("现场.jpg", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 200))


def test_a_photo_cut_off_in_transfer_is_refused_as_damaged():
    whole = phone_jpeg(1200, 900)

    with pytest.raises(ValidationError) as error:
        process_photo(upload("断网.jpg", whole[: len(whole) // 2]))

    assert error.value.messages == ["照片“断网.jpg”已损坏或不完整，无法读取，请重新拍摄或上传。"]


def test_a_photo_over_the_attachment_limit_is_refused_before_it_is_decoded(settings):
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024

    with pytest.raises(ValidationError, match="超过上限10KB"):
        process_photo(upload("大图.jpg", phone_jpeg(2000, 1500)))


@pytest.mark.skipif(HEIC_SUPPORTED, reason="pillow-heif is installed: HEIC photos are read")
def test_an_iphone_heic_photo_is_refused_with_what_to_do_instead():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200

    with pytest.raises(ValidationError, match="HEIC格式.*兼容性最佳"):
        process_photo(upload("IMG_0001.HEIC", heic))
