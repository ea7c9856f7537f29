"""A parcel's outline drawn in a browser on the park's plan: the committee clicks its corners, takes one
back, saves, and sees it on the parcel's page and on the 分布图 in its light's colour, under the CSP (the
editor is a static script, nothing inline)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.land import services
from parkops.land.models import Parcel
from parkops.org.choices import Role
from parkops.org.demo import DEMO_PASSWORD
from parkops.testing.factories import ParkFactory, UserFactory


@pytest.fixture
def parcel(db) -> Parcel:
    park = ParkFactory()
    supervisor = UserFactory(username="tudi", role=Role.SUPERVISOR, password=DEMO_PASSWORD)
    buffer = BytesIO()
    Image.new("RGB", (800, 500), (245, 243, 235)).save(buffer, format="PNG")
    services.plan_upload(park=park, upload=SimpleUploadedFile("总平面图.png", buffer.getvalue()), user=supervisor)
    return services.parcel_save(parcel=Parcel(park=park, holder_name="江西恒达化纤有限公司", location="宝塔工业园C区",
                                              area_mu=Decimal("41.8"), agreed_start_on=date(2023, 3, 1)),
                                user=supervisor)


def test_the_committee_draws_a_parcel_on_the_plan_by_clicking_its_corners(parcel, page: Page, screenshot):
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    login(page, "tudi", DEMO_PASSWORD)
    page.goto(f"/land/parcels/{parcel.pk}/")
    page.get_by_role("link", name="绘制轮廓").click()

    editor = page.locator("#outline-editor")
    width = editor.bounding_box()["width"]
    for x, y in ((100, 100), (400, 100), (400, 300), (100, 300), (250, 450)):
        editor.click(position={"x": x * width / 800, "y": y * width / 800})
    expect(page.locator("[data-dots] circle")).to_have_count(5)
    page.get_by_role("button", name="撤销上一点").click()
    expect(page.locator("[data-dots] circle")).to_have_count(4)
    points = page.get_by_role("textbox", name="轮廓顶点").input_value().split()
    assert len(points) == 4
    screenshot(page, "land-outline-editor")
    page.get_by_role("button", name="保存轮廓").click()

    expect(page.locator("#parcel-outline")).to_have_attribute("fill", "#842029")  # 闲置
    parcel.refresh_from_db()
    assert len(parcel.outline) == 4 and all(abs(x - ex) <= 2 and abs(y - ey) <= 2 for (x, y), (ex, ey)
                                            in zip(parcel.outline, ((100, 100), (400, 100), (400, 300), (100, 300)),
                                                   strict=True))
    page.get_by_role("link", name="土地与厂房").first.click()
    page.get_by_role("link", name="分布图").click()
    expect(page.locator(f'#plan-board polygon[data-parcel="{parcel.pk}"]')).to_have_count(1)
    screenshot(page, "land-plan-board")
    assert refused == []
