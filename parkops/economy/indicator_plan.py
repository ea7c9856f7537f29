"""The statistics import's writing, planned before its transaction and written in it: the sheet's new
enterprises and the month's values (services.plan_values / write_values), all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from parkops.core import bulkwrite
from parkops.core.imports import WritePlan
from parkops.core.periods import period_key, period_label
from parkops.core.text import normalise_name
from parkops.economy.header_mappings import header_mapping_remember
from parkops.economy.indicator_preview import IndicatorOutcome, IndicatorPreview
from parkops.economy.indicator_sheet import BY_HAND
from parkops.economy.models import Enterprise, Indicator, IndicatorValue, ScaleMembership
from parkops.economy.scale_sheet import ScalePlan, scale_listing_plan
from parkops.economy.services import ValuesPlan, write_values
from parkops.org.models import Park


@dataclass
class FiguresPlan(WritePlan):
    """The statistics import's writing: the sheet's new enterprises and the month's values, planned;
    for a 规上 sheet, the month's list of 规上 enterprises; and the headers mapped by hand, remembered."""

    preview: IndicatorPreview
    user: object
    reason: str
    values: ValuesPlan
    planned_at: datetime
    # The sheet's new enterprises, given their ids and turned into rows, history rows and audit lines
    # before the transaction (plan_registrations): a province's first sheet brings tens of thousands, and
    # creating them inside it held the write lock 28 s for 20,000 rows.
    registered: list[Enterprise] = field(default_factory=list)
    registration: bulkwrite.PreparedSave | None = None
    scale: ScalePlan | None = None  # for a 规上 sheet, the month's list of 规上 enterprises

    def plan_scale_listing(self) -> None:
        preview = self.preview
        if not preview.scale_sheet:
            return
        registered = {enterprise.credit_code: enterprise for enterprise in self.registered}
        listed = [target if isinstance(target, int) else registered[target].pk for target in preview.listed]
        self.scale = scale_listing_plan(park=preview.park, period=self.values.period, enterprise_ids=listed,
                                        registered={e.pk: e for e in self.registered}, user=self.user,
                                        reason=f"{self.reason}（规上企业名单）")

    def plan_registrations(self) -> None:
        preview = self.preview
        self.registered = [Enterprise(park=preview.park, credit_code=new.credit_code, name=new.name,
                                      normalised_name=normalise_name(new.name)) for new in preview.new_enterprises]
        for enterprise, pk in zip(self.registered, bulkwrite.reserve_ids(Enterprise, len(self.registered)),
                                  strict=True):
            enterprise.pk = pk
        self.registration = bulkwrite.prepare(Enterprise, created=self.registered, user=self.user,
                                              reason=self.reason)

    def still_current(self) -> bool:
        """No value of the month or the two around it, no enterprise and no 规上 stretch written since the
        plan read them (a correction on a page, the import of the month before, which has its own lock)."""
        if not bulkwrite.ids_still_free(Enterprise, [enterprise.pk for enterprise in self.registered]):
            return False
        if self.scale is not None and not self.scale.still_current():
            return False
        since = {"history_date__gte": self.planned_at}
        return not (IndicatorValue.history.filter(period__in=self.values.read_periods, **since).exists()
                    or Enterprise.history.filter(history_type="+", **since).exists()
                    or (self.preview.scale_sheet and ScaleMembership.history.filter(**since).exists()))

    def write(self) -> IndicatorOutcome:
        preview = self.preview
        if self.registration is not None:
            bulkwrite.write([self.registration])
        ids = {enterprise.credit_code: enterprise.pk for enterprise in self.registered}
        result = write_values(self.values, source=preview.filename, user=self.user, reason=self.reason,
                              enterprise_ids=ids)
        counts = {"新增企业": len(preview.new_enterprises), "新增数据": result.created, "更新数据": result.updated,
                  "未变数据": result.unchanged, "关账后修订月份": len(result.revised_periods)}
        if self.scale is not None:
            scale = self.scale.write()
            counts |= {"入规": scale.entered, "退规": scale.left}
        for column in preview.columns:
            if column.how == BY_HAND:
                header_mapping_remember(park=preview.park, key=column.key,
                                        indicator=Indicator.objects.get(pk=column.indicator_id), user=self.user,
                                        reason=f"{self.reason}时手工对应")
        return IndicatorOutcome(obj=None, counts=counts, revised_periods=sorted(result.revised_periods))


def indicator_lock_name(park: Park, period: date) -> str:
    return f"economy-indicators-{park.pk}-{period_key(period)}"


def indicator_busy_message(holder: str, period: date) -> str:
    return f"{period_label(period)}的统计数据正由{holder}导入，请等其完成后再试（本次未导入任何数据）。"


