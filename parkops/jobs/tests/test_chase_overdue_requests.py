"""The daily chase of overdue 企业诉求: the worker's task says what it did, in Chinese, for the log."""

from datetime import date

from parkops.jobs.tasks import chase_overdue_requests
from parkops.org.choices import Role
from parkops.services import services
from parkops.testing.factories import ParkFactory, UnitFactory, UserFactory


def test_the_daily_chase_counts_the_overdue_requests(db):
    park = ParkFactory()
    services.request_file(park=park, user=UserFactory(role=Role.SUPERVISOR), enterprise_name="江西乾照光电有限公司",
                          content="用电增容", unit=UnitFactory(park=park), filed_on=date(2025, 10, 20))
    assert chase_overdue_requests("2025-11-03") == "2025年11月3日：已提醒1件逾期企业诉求。"
    assert chase_overdue_requests("2025-10-20") == "2025年10月20日：没有逾期的企业诉求。"
