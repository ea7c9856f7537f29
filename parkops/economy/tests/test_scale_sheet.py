"""The bureau's 规上 sheet is the month's list of 规上 enterprises: the first listed enter (入规), those
missing after being listed leave (退规), in whatever order the months are imported; stretches entered
by hand in the registry are kept and the disagreement listed."""

from __future__ import annotations

from datetime import date

import pytest

from parkops.core.models import AuditAction, AuditEntry
from parkops.economy.models import ScaleListing, ScaleMembership
from parkops.economy.scale_sheet import stretches_of
from parkops.economy.tests.sheets import BATTERY, BATTERY_CODE, LED, LED_CODE, flat_sheet, import_file, write
from parkops.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR = (date(2025, month, 1) for month in range(1, 5))
HEADER = ["序号", "统一社会信用代码", "企业名称", "营业收入（万元）"]


@pytest.fixture
def registry(park):
    return {LED: EnterpriseFactory(park=park, credit_code=LED_CODE, name=LED),
            BATTERY: EnterpriseFactory(park=park, credit_code=BATTERY_CODE, name=BATTERY)}


def scale_sheet(tmp_path, period: date, names: list[str], *, title: str | None = None):
    codes = {LED: LED_CODE, BATTERY: BATTERY_CODE}
    rows = [[n, codes[name], name, 100 * period.month] for n, name in enumerate(names, start=1)]
    title = title or f"2025年1-{period.month}月规模以上工业企业主要经济指标"
    return write(tmp_path, flat_sheet(rows, header=HEADER, title=title), f"{period.month}月.xlsx")


def stretches(enterprise) -> list[tuple[date, date | None]]:
    return [(m.entered_period, m.left_period) for m in enterprise.scale_memberships.order_by("entered_period")]


def test_stretches_follow_the_months_listed():
    assert stretches_of({JAN, FEB, APR}, [JAN, FEB, MAR, APR]) == [(JAN, MAR), (APR, None)]
    assert stretches_of({MAR}, [JAN, MAR]) == [(MAR, None)]  # February has no sheet: March follows January
    assert stretches_of(set(), [JAN]) == []


def test_preview_says_who_enters_and_who_leaves(park, registry, tmp_path):
    import_file(scale_sheet(tmp_path, JAN, [LED, BATTERY]), park=park, period=JAN)

    preview, outcome = import_file(scale_sheet(tmp_path, FEB, [LED]), park=park, period=FEB)

    assert preview.scale.previous == JAN and preview.scale.entering == []
    assert preview.scale.leaving == [{"name": BATTERY, "credit_code": BATTERY_CODE}]
    assert outcome.counts["退规"] == 1
    assert stretches(registry[BATTERY]) == [(JAN, FEB)] and stretches(registry[LED]) == [(JAN, None)]


def test_a_month_imported_late_gives_the_stretches_of_the_months_in_order(park, registry, tmp_path):
    import_file(scale_sheet(tmp_path, JAN, [LED, BATTERY]), park=park, period=JAN)
    import_file(scale_sheet(tmp_path, MAR, [LED, BATTERY]), park=park, period=MAR)
    assert stretches(registry[BATTERY]) == [(JAN, None)]

    import_file(scale_sheet(tmp_path, FEB, [LED]), park=park, period=FEB)

    assert stretches(registry[BATTERY]) == [(JAN, FEB), (MAR, None)]
    assert stretches(registry[LED]) == [(JAN, None)]
    history = ScaleMembership.history.filter(enterprise_id=registry[BATTERY].pk, history_type="~").get()
    assert "规上企业名单" in history.history_change_reason


def test_importing_a_month_again_changes_nothing(park, registry, tmp_path):
    import_file(scale_sheet(tmp_path, JAN, [LED, BATTERY]), park=park, period=JAN)
    import_file(scale_sheet(tmp_path, FEB, [LED]), park=park, period=FEB)
    records = ScaleMembership.history.count()

    preview, outcome = import_file(scale_sheet(tmp_path, FEB, [LED]), park=park, period=FEB)

    assert preview.scale.leaving == [{"name": BATTERY, "credit_code": BATTERY_CODE}]  # still against January
    assert ScaleMembership.history.count() == records
    assert ScaleListing.objects.filter(period=FEB).count() == 1


def test_a_stretch_entered_by_hand_is_kept_and_the_conflict_listed(park, registry, tmp_path):
    ScaleMembership.objects.create(enterprise=registry[LED], entered_period=date(2024, 1, 1))  # 规上 by hand
    import_file(scale_sheet(tmp_path, JAN, [LED, BATTERY]), park=park, period=JAN)

    preview, _ = import_file(scale_sheet(tmp_path, FEB, [BATTERY]), park=park, period=FEB)

    assert preview.scale.conflicts == [{
        "name": LED, "credit_code": LED_CODE,
        "message": "企业名录中手工登记为2025年2月规上企业，表中未列出：以名录为准，未改动"}]
    assert "有1家企业2025年2月的规上记录是在企业名录中手工登记的，与本表不一致：以名录为准，未改动（见“入规和退规”）。" \
        in [p.message for p in preview.warnings]
    assert stretches(registry[LED]) == [(date(2024, 1, 1), None)]


def test_a_sheet_that_is_not_the_scale_list_changes_no_membership(park, registry, tmp_path):
    preview, outcome = import_file(scale_sheet(tmp_path, JAN, [LED], title="2025年1月工业企业主要经济指标"),
                                   park=park, period=JAN)

    assert preview.scale_sheet is False and preview.scale is None and "入规" not in outcome.counts
    assert not ScaleMembership.objects.exists()


def test_the_user_may_say_an_untitled_sheet_is_the_scale_list(park, registry, tmp_path):
    preview, _ = import_file(scale_sheet(tmp_path, JAN, [LED], title="2025年1月工业企业主要经济指标"),
                             park=park, period=JAN, scale_sheet=True)

    assert preview.scale_reason == "按导入时的选择"
    assert stretches(registry[LED]) == [(JAN, None)]


def test_a_month_imported_again_listing_fewer_removes_their_stretch_with_history(park, registry, tmp_path):
    import_file(scale_sheet(tmp_path, JAN, [LED, BATTERY]), park=park, period=JAN)

    import_file(scale_sheet(tmp_path, JAN, [LED]), park=park, period=JAN)

    assert stretches(registry[BATTERY]) == [] and stretches(registry[LED]) == [(JAN, None)]
    removed = ScaleMembership.history.get(enterprise_id=registry[BATTERY].pk, history_type="-")
    assert "规上企业名单" in removed.history_change_reason
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="规上企业记录").count() == 1
