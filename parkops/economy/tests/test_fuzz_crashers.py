"""Inputs the fuzz tests (site/tests/test_fuzz_importers.py) found crashing the statistics importer, kept."""

from parkops.economy.models import IndicatorValue
from parkops.economy.tests.sheets import (
    BATTERY,
    BATTERY_CODE,
    FLAT_HEADER,
    LED,
    LED_CODE,
    flat_sheet,
    preview_file,
    write,
)


def test_a_figure_of_more_than_24_digits_is_an_error_on_its_row_not_a_crash(park, tmp_path):
    content = flat_sheet([[1, LED_CODE, LED, 1e26, 150000, 2345, 4567.8, 120.5, 850],
                          [2, BATTERY_CODE, BATTERY, 98765, 100000, 3210, 900, 80, 420]], header=FLAT_HEADER)

    preview = preview_file(write(tmp_path, content), park=park)

    too_large = [str(p) for p in preview.errors if "过大" in str(p)]
    assert len(too_large) == 1 and too_large[0].startswith("第3行：“营业收入”") and too_large[0].endswith("过大，请核对单位。")
    assert not IndicatorValue.objects.exists()
