"""The park's plan and the parcels' outlines on it: the plan is uploaded as a checked, shrunk picture with
nothing of its EXIF; an outline is drawn in its pixels and shown on the parcel's page; the distribution map
colours every parcel by its use status, and a unit's 填报员 sees only its own there."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from parkops.land import services
from parkops.land.choices import LedgerKind
from parkops.land.models import DisposalCase, Parcel, ParkPlan
from parkops.land.plans import parse_points

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def camera_plan(width=4800, height=3200) -> SimpleUploadedFile:
    """A photographed plan, as a phone saves it: with its GPS position in the EXIF."""
    image = Image.new("RGB", (width, height), (240, 240, 230))
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (29.0, 18.0, 36.0), 3: "E", 4: (115.0, 45.0, 36.0)})
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("高新区总平面图.jpg", buffer.getvalue())


def drawn_plan(width=1200, height=800) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(buffer, format="PNG")
    return SimpleUploadedFile("总平面图.png", buffer.getvalue())


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_uploaded_plan_is_shrunk_and_keeps_nothing_of_its_exif(park, supervisor, settings):
    settings.LAND_PLAN_MAX_PIXELS = 3000
    plan = services.plan_upload(park=park, upload=camera_plan(), user=supervisor)
    assert (plan.width, plan.height) == (3000, 2000)
    with plan.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (3000, 2000)
        assert not image.getexif()


def test_a_file_that_is_not_a_png_or_jpeg_is_refused_in_chinese(park, supervisor):
    with pytest.raises(ValidationError):
        services.plan_upload(park=park, upload=SimpleUploadedFile("总平面图.png", b"%PDF-1.4 not a picture"),
                             user=supervisor)
    assert not ParkPlan.objects.exists()


def test_an_outline_is_kept_within_the_plan_and_has_three_points_at_least(park, supervisor):
    parcel = services.parcel_save(parcel=Parcel(park=park, location="纺织产业园北区", area_mu=Decimal("24.9")),
                                  user=supervisor)
    with pytest.raises(ValidationError, match="请先上传园区平面图"):
        services.parcel_outline_set(parcel=parcel, points=[[1, 1], [5, 1], [5, 5]], user=supervisor)
    services.plan_upload(park=park, upload=drawn_plan(), user=supervisor)
    with pytest.raises(ValidationError, match="至少需要3个点"):
        services.parcel_outline_set(parcel=parcel, points=[[1, 1], [5, 1]], user=supervisor)
    with pytest.raises(ValidationError, match="点（1300,10）在平面图（1200×800像素）之外"):
        services.parcel_outline_set(parcel=parcel, points=[[1, 1], [1300, 10], [5, 5]], user=supervisor)
    assert parse_points("100,120；300.4，120 300,260") == [[100, 120], [300, 120], [300, 260]]


def test_the_supervisor_uploads_the_plan_and_draws_a_parcel_that_its_page_then_shows(park, supervisor):
    parcel = services.parcel_save(parcel=Parcel(park=park, location="宝塔工业园C区", area_mu=Decimal("41.8"),
                                                agreed_start_on=date(2023, 3, 1)), user=supervisor)
    client = logged_in(supervisor)
    assert client.post(reverse("land:plan"), {"file": drawn_plan()}).status_code == 302
    editor = client.get(reverse("land:parcel_outline", args=[parcel.pk])).content.decode()
    assert "land/plan-editor.js" in editor and "<script>" not in editor  # no inline script (CSP)

    client.post(reverse("land:parcel_outline", args=[parcel.pk]), {"points": "100,120 300,120 300,260 100,260"})
    parcel.refresh_from_db()
    assert parcel.outline == [[100, 120], [300, 120], [300, 260], [100, 260]]
    page = client.get(reverse("land:parcel_detail", args=[parcel.pk])).content.decode()
    assert ('<polygon points="100,120 300,120 300,260 100,260" fill="#842029"' in page)  # 闲置: dark red
    assert client.get(reverse("land:plan_image")).status_code == 200


def test_the_map_colours_each_parcel_by_its_use_and_a_unit_sees_its_own_only(park, supervisor, reporter, unit):
    services.plan_upload(park=park, upload=drawn_plan(), user=supervisor)
    idle = services.parcel_save(parcel=Parcel(park=park, location="宝塔工业园C区", area_mu=Decimal("41.8"),
                                              agreed_start_on=date(2023, 3, 1)), user=supervisor)
    inefficient = services.parcel_save(parcel=Parcel(park=park, location="工业大道北段", area_mu=Decimal("27.3"),
                                                     ledger_kind=LedgerKind.INEFFICIENT), user=supervisor)
    services.parcel_save(parcel=Parcel(park=park, location="尚未绘制的地块", area_mu=Decimal("10")), user=supervisor)
    services.parcel_outline_set(parcel=idle, points=[[10, 10], [100, 10], [100, 90]], user=supervisor)
    services.parcel_outline_set(parcel=inefficient, points=[[200, 10], [300, 10], [300, 90]], user=supervisor)
    services.case_save(case=DisposalCase(parcel=inefficient, responsible_unit=unit, opened_on=date(2025, 1, 1)),
                       user=supervisor)

    page = logged_in(supervisor).get(reverse("land:plan")).content.decode()
    assert '<polygon points="10,10 100,10 100,90" fill="#842029"' in page
    assert '<polygon points="200,10 300,10 300,90" fill="#dc3545"' in page
    assert "已绘制2宗，另有1宗尚未绘制轮廓" in page

    own = logged_in(reporter).get(reverse("land:plan")).content.decode()
    assert "200,10 300,10 300,90" in own and "10,10 100,10 100,90" not in own
    assert 'id="plan-upload"' not in own
    assert logged_in(reporter).post(reverse("land:plan"), {"file": drawn_plan(600, 400)}).status_code == 403
    assert ParkPlan.objects.get(park=park).width == 1200
