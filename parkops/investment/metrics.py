"""招商引资's figures as named metrics (core.metrics), declared in site.py: what a supervision target such
as "招引入驻园区各类产业项目25个、总投资额246.5亿元" or "实际利用外资" is bound to, so its light follows the
pipeline without anyone reporting it; and 入园联审's (seed 001: "共召开2次工业项目入园联审会议，审议并原则上
通过了25个工业项目……共召开3次租用厂房项目联审会议，审议并通过了70个中小微项目"), counted from the meetings'
recorded decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parkops.core.formatting import format_money
from parkops.core.metrics import Metric, MetricRecord
from parkops.investment.choices import CapitalSource, ReviewKind, Stage
from parkops.investment.contracts import behind_contract
from parkops.investment.selectors import admitted_items, meetings_held, reaching


def _url(project) -> str:
    return reverse("investment:project_detail", args=[project.pk])


def _reached(stage: str, *, park, year: int, as_of: date):
    return reaching(park=park, stage=stage, start=date(year, 1, 1), end=as_of)


def _signed_count(*, park, year: int, as_of: date) -> int:
    return len(_reached(Stage.SIGNED, park=park, year=year, as_of=as_of))


def _signed_investment(*, park, year: int, as_of: date) -> Decimal:
    return sum((p.total_investment for p, _ in _reached(Stage.SIGNED, park=park, year=year, as_of=as_of)),
               Decimal(0))


def _signed_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(project.name, _url(project), figure=project.total_investment, unit="万元",
                         note=f"{on:%Y年%-m月%-d日}签约，总投资{format_money(project.total_investment)}")
            for project, on in _reached(Stage.SIGNED, park=park, year=year, as_of=as_of)]


def _foreign(*, park, year: int, as_of: date) -> list[tuple]:
    # 实际利用外资 counts a foreign project once its company is registered (注册), in 万美元 as declared.
    return [(project, on) for project, on in _reached(Stage.REGISTERED, park=park, year=year, as_of=as_of)
            if project.capital_source == CapitalSource.FOREIGN and project.foreign_amount]


def _foreign_sum(*, park, year: int, as_of: date) -> Decimal:
    return sum((p.foreign_amount for p, _ in _foreign(park=park, year=year, as_of=as_of)), Decimal(0))


def _foreign_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(project.name, _url(project), figure=project.foreign_amount, unit="万美元",
                         note=f"{on:%Y年%-m月%-d日}注册")
            for project, on in _foreign(park=park, year=year, as_of=as_of)]


def _meeting_url(meeting) -> str:
    return reverse("investment:meeting_detail", args=[meeting.pk])


def _meetings(*, park, year: int, as_of: date, kind: str = ""):
    return meetings_held(park=park, start=date(year, 1, 1), end=as_of, kind=kind)


def _meeting_count(*, park, year: int, as_of: date) -> int:
    return _meetings(park=park, year=year, as_of=as_of).count()


def _meeting_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(str(meeting), _meeting_url(meeting), figure=Decimal(1), unit="次",
                         note=f"{meeting.held_on:%Y年%-m月%-d日}召开")
            for meeting in _meetings(park=park, year=year, as_of=as_of)]


def _admitted(kind: str = ""):
    def items(*, park, year: int, as_of: date):
        return admitted_items(park=park, start=date(year, 1, 1), end=as_of, kind=kind)
    return items


def _admitted_count(kind: str = ""):
    def count(*, park, year: int, as_of: date) -> int:
        return _admitted(kind)(park=park, year=year, as_of=as_of).count()
    return count


def _admitted_investment(*, park, year: int, as_of: date) -> Decimal:
    return sum((item.investment or Decimal(0) for item in _admitted()(park=park, year=year, as_of=as_of)), Decimal(0))


def _admitted_records(kind: str = ""):
    def records(*, park, year: int, as_of: date) -> list[MetricRecord]:
        return [MetricRecord(item.project.name, f"{_meeting_url(item.meeting)}#item-{item.pk}", figure=item.investment,
                             unit="万元", note=f"{item.meeting.held_on:%Y年%-m月%-d日}{item.meeting}"
                                               f"{item.get_decision_display()}，总投资{format_money(item.investment)}")
                for item in _admitted(kind)(park=park, year=year, as_of=as_of)]
    return records
def _behind(*, park, year: int, as_of: date):
    # 履约监管's red lights as of the day asked: the signed projects behind their contract, now.
    return behind_contract(park=park, today=as_of)


def _behind_count(*, park, year: int, as_of: date) -> int:
    return len(_behind(park=park, year=year, as_of=as_of))


def _behind_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(row.project.name, _url(row.project), figure=row.project.agreement.total_investment,
                         unit="万元", note=row.light.reason)
            for row in _behind(park=park, year=year, as_of=as_of)]


METRICS = (
    Metric("investment.signed_count", "招引签约项目数", "个", _signed_count, _signed_records,
           description="本年内签约（或直接进入更后阶段）的招商项目"),
    Metric("investment.signed_investment", "招引签约项目总投资", "万元", _signed_investment, _signed_records,
           description="本年内签约的招商项目计划总投资合计"),
    Metric("investment.foreign_registered", "实际利用外资", "万美元", _foreign_sum, _foreign_records,
           description="本年内完成注册的外资项目外资金额合计"),
    Metric("investment.review_meetings", "入园联审会议次数", "次", _meeting_count, _meeting_records,
           description="本年内召开的入园联审会议（工业用地项目和租赁厂房项目）"),
    Metric("investment.review_admitted", "入园联审通过项目数", "个", _admitted_count(), _admitted_records(),
           description="本年内入园联审会议决定通过或附条件通过的项目"),
    Metric("investment.review_admitted_investment", "入园联审通过项目总投资", "万元", _admitted_investment,
           _admitted_records(), description="本年内入园联审通过（含附条件通过）项目的总投资合计"),
    Metric("investment.review_land_admitted", "工业用地项目联审通过数", "个", _admitted_count(ReviewKind.LAND),
           _admitted_records(ReviewKind.LAND), description="本年内工业项目入园联审会议通过（含附条件通过）的项目"),
    Metric("investment.review_factory_admitted", "租赁厂房项目联审通过数", "个", _admitted_count(ReviewKind.FACTORY),
           _admitted_records(ReviewKind.FACTORY), description="本年内租赁厂房项目联审会议通过（含附条件通过）的项目"),
    Metric("investment.behind_contract", "未履约（红灯）项目数", "个", _behind_count, _behind_records,
           accumulates=False, description="已签约项目中开工、投产、投资或达产后产值税收落后于协议承诺（红灯）的项目"),
)
