"""招商引资's named metrics: "招引项目N个、总投资X亿元" and "实际利用外资" follow the pipeline, each project
counted once in the year it reached the stage, with the projects behind the figure listed."""

from datetime import date
from decimal import Decimal

import pytest

from parkops.core.metrics import get
from parkops.investment import services
from parkops.investment.choices import CapitalSource, Decision, Opinion, ReviewKind, Stage
from parkops.investment.models import InvestmentProject, ReviewMeeting
from parkops.testing.factories import credit_code

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 11, 20)


def lead(park, unit, user, name, total, since=date(2025, 1, 10), **fields):
    return services.project_save(project=InvestmentProject(park=park, name=name, total_investment=Decimal(total),
                                                           unit=unit, **fields), user=user, since=since)


def read(key, park, as_of=AS_OF):
    return get(key).read(park=park, year=2025, as_of=as_of)


def test_signed_projects_count_once_in_the_year_they_signed(park, unit, supervisor):
    signed = lead(park, unit, supervisor, "新能源电池项目", "120000")
    services.stage_advance(project=signed, stage=Stage.SIGNED, on=date(2025, 3, 5), user=supervisor)
    services.stage_advance(project=signed, stage=Stage.REGISTERED, on=date(2025, 4, 1), credit_code=credit_code(7),
                           user=supervisor)
    skipped = lead(park, unit, supervisor, "现场签约项目", "30000")
    services.stage_advance(project=skipped, stage=Stage.REGISTERED, on=date(2025, 6, 1), credit_code=credit_code(8),
                           user=supervisor)  # signed and registered at once: still one signing
    lead(park, unit, supervisor, "仍在洽谈", "50000")
    december = lead(park, unit, supervisor, "十二月签约", "9000")
    services.stage_advance(project=december, stage=Stage.SIGNED, on=date(2025, 12, 1), user=supervisor)

    assert read("investment.signed_count", park).value == 2
    assert read("investment.signed_investment", park).value == Decimal("150000")
    assert read("investment.signed_count", park, as_of=date(2026, 1, 5)).value == 3  # the whole year
    records = get("investment.signed_count").records_behind(park=park, year=2025, as_of=AS_OF)
    assert [(r.name, r.url, r.note) for r in records] == [
        ("新能源电池项目", f"/investment/{signed.pk}/", "2025年3月5日签约，总投资12.00亿元"),
        ("现场签约项目", f"/investment/{skipped.pk}/", "2025年6月1日签约，总投资3.00亿元")]


def test_foreign_capital_is_the_registered_foreign_projects_in_dollars(park, unit, supervisor):
    foreign = lead(park, unit, supervisor, "新加坡精密模具项目", "71000", capital_source=CapitalSource.FOREIGN,
                   foreign_amount=Decimal("10000"), exchange_rate=Decimal("7.10"))
    services.stage_advance(project=foreign, stage=Stage.SIGNED, on=date(2025, 2, 1), user=supervisor)
    assert read("investment.foreign_registered", park).value == 0  # signed, not yet registered

    services.stage_advance(project=foreign, stage=Stage.REGISTERED, on=date(2025, 5, 1), credit_code=credit_code(9),
                           user=supervisor)
    domestic = lead(park, unit, supervisor, "内资项目", "20000")
    services.stage_advance(project=domestic, stage=Stage.REGISTERED, on=date(2025, 5, 2), credit_code=credit_code(10),
                           user=supervisor)

    reading = read("investment.foreign_registered", park)
    assert reading.value == Decimal("10000")
    [record] = get("investment.foreign_registered").records_behind(park=park, year=2025, as_of=AS_OF)
    assert (record.name, record.figure, record.unit) == ("新加坡精密模具项目", Decimal("10000"), "万美元")


def test_review_metrics_count_meetings_and_the_projects_they_let_in(park, unit, supervisor):
    def meeting(kind, number, held_on, decisions):
        held = services.meeting_save(meeting=ReviewMeeting(park=park, kind=kind, number=number, held_on=held_on,
                                                           host="王晓君", host_unit=unit), members=[unit], user=supervisor)
        for n, (decision, total) in enumerate(decisions):
            project = lead(park, unit, supervisor, f"{kind}{held_on.year}-{number}-{n}", total)
            item = services.item_add(meeting=held, project=project, user=supervisor)
            services.opinion_record(item=item, unit=unit, opinion=Opinion.AGREE, user=supervisor)
            services.decide(item=item, decision=decision, conditions="容积率不低于1.0", note="会议研究决定",
                            user=supervisor)
        return held

    meeting(ReviewKind.LAND, 1, date(2025, 3, 12), [(Decision.PASSED, "60000"), (Decision.CONDITIONAL, "40000"),
                                                    (Decision.REJECTED, "90000")])
    meeting(ReviewKind.FACTORY, 1, date(2025, 5, 8), [(Decision.PASSED, "3000"), (Decision.DEFERRED, "2000")])
    meeting(ReviewKind.LAND, 1, date(2024, 12, 20), [(Decision.PASSED, "70000")])  # last year's
    meeting(ReviewKind.LAND, 2, date(2025, 12, 1), [(Decision.PASSED, "80000")])  # after the day asked for

    assert read("investment.review_meetings", park).value == 2
    assert read("investment.review_admitted", park).value == 3
    assert read("investment.review_land_admitted", park).value == 2
    assert read("investment.review_factory_admitted", park).value == 1
    assert read("investment.review_admitted_investment", park).value == Decimal("103000")
    records = get("investment.review_admitted").records_behind(park=park, year=2025, as_of=AS_OF)
    assert [r.name for r in records] == ["land2025-1-0", "land2025-1-1", "factory2025-1-0"]
    assert records[1].note == "2025年3月12日2025年第1次工业用地项目入园联审会议附条件通过，总投资4.00亿元"
