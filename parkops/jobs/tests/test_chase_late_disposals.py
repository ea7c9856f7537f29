"""The daily chase of late 闲置土地 disposal cases: the worker's task says what it did, in Chinese, for the log."""

from datetime import date
from decimal import Decimal

from parkops.jobs.tasks import chase_late_disposals
from parkops.land import services
from parkops.land.choices import LedgerKind
from parkops.land.models import DisposalCase, Parcel
from parkops.org.choices import Role
from parkops.testing.factories import ParkFactory, UserFactory


def test_the_daily_chase_counts_the_late_cases(db):
    park = ParkFactory()
    user = UserFactory(role=Role.SUPERVISOR)
    parcel = services.parcel_save(parcel=Parcel(park=park, holder_name="江西永安电力设备有限公司", area_mu=Decimal("52.3"), location="丰林镇工业小区",
                                                ledger_kind=LedgerKind.IDLE), user=user)
    services.case_save(case=DisposalCase(parcel=parcel, opened_on=date(2025, 3, 1), deadline=date(2025, 11, 1)),
                       user=user)
    assert chase_late_disposals("2025-11-20") == "2025年11月20日：已提醒1宗逾期或滞后的闲置土地处置。"
    assert chase_late_disposals("2025-10-20") == "2025年10月20日：没有逾期或滞后的闲置土地处置。"
