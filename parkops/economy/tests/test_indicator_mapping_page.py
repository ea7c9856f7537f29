"""The import page shows how each header was read, lets the user map a header the catalogue does not
know to an indicator and read the file again, and says who enters and who leaves the 规上 list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parkops.economy.models import HeaderMapping, ImportRun, ScaleMembership
from parkops.economy.tests.sheets import BATTERY, BATTERY_CODE, LED, LED_CODE, flat_sheet, stored
from parkops.testing.factories import EnterpriseFactory

URL = reverse("economy:indicator_import")
HEADER = ["序号", "统一社会信用代码", "企业名称", "营业收入（千元）", "税收合计（千元）", "入库税款（千元）"]
ROWS = [[1, LED_CODE, LED, 123456, 4000, 3900], [2, BATTERY_CODE, BATTERY, 98765, 2000, 1800]]


@pytest.fixture(autouse=True)
def worker(worker_does_queued_work_at_once):
    """The worker's reading and writing done at once."""


@pytest.fixture
def registry(park):
    return [EnterpriseFactory(park=park, credit_code=LED_CODE, name=LED),
            EnterpriseFactory(park=park, credit_code=BATTERY_CODE, name=BATTERY)]


def upload(client, content: bytes, *, period: str = "2025-10", **fields):
    return client.post(URL, {"file": SimpleUploadedFile("指标.xlsx", content), "period": period, **fields})


def test_unmatched_header_is_mapped_on_the_page_and_remembered_for_the_next_import(client, park, registry, supervisor):
    client.force_login(supervisor)
    sheet = flat_sheet(ROWS, header=HEADER, title="2025年1-10月工业企业主要经济指标")

    response = upload(client, sheet)
    page = client.get(response.url).content.decode()

    # Every decision on the page: the near-miss matched and said so, the unknown column listed with a choice.
    assert "税收合计（千元）" in page and "近似：去掉“合计”" in page
    assert "未导入的列（1）" in page and "入库税款（千元）" in page and 'name="map:入库税款"' in page

    run = ImportRun.objects.get()
    client.post(response.url, {"action": "remap", "map:入库税款": "value_added"})
    page = client.get(response.url).content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED and run.mappings == {"入库税款": "value_added"}
    assert "入库税款（千元）" in page and "手工对应" in page and "未导入的列" not in page
    assert not HeaderMapping.objects.exists()  # remembered once the import is written, not before

    client.post(response.url, {"action": "confirm"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert stored(LED_CODE, "value_added") == Decimal("390")
    mapping = HeaderMapping.objects.get(park=park)
    assert (mapping.header, mapping.indicator.code) == ("入库税款", "value_added")
    assert mapping.history.get().history_user == supervisor

    november = flat_sheet(ROWS, header=HEADER, title="2025年1-11月工业企业主要经济指标")
    response = upload(client, november, period="2025-11")
    page = client.get(response.url).content.decode()
    assert "按本园区记住的对应" in page and "未导入的列" not in page


def test_scale_sheet_preview_lists_who_enters_and_the_hand_entered_conflicts(client, park, registry, supervisor):
    ScaleMembership.objects.create(enterprise=registry[1], entered_period=date(2025, 1, 1),
                                   left_period=date(2025, 6, 1))  # 维科 退规 in June, entered by hand
    client.force_login(supervisor)
    sheet = flat_sheet(ROWS, header=HEADER[:5], title="2025年1-10月工业企业主要经济指标")

    response = upload(client, sheet, scale_sheet="on")
    page = client.get(response.url).content.decode()

    assert "本表为规上企业表（按导入时的选择）" in page
    assert "入规 1" in page and "退规 0" in page and "与名录不一致 1" in page
    assert "企业名录中手工登记为2025年10月不是规上企业，表中列为规上：以名录为准，未改动" in page

    client.post(response.url, {"action": "confirm"})

    led = ScaleMembership.objects.get(enterprise=registry[0])
    assert (led.entered_period, led.left_period, led.source) == (date(2025, 10, 1), None, "sheet")
    battery = ScaleMembership.objects.get(enterprise=registry[1])
    assert battery.left_period == date(2025, 6, 1) and battery.source == "hand"  # the hand's word kept
