"""招商引资's figures as named metrics (core.metrics), declared in site.py: what a supervision target such
as "招引入驻园区各类产业项目25个、总投资额246.5亿元" or "实际利用外资" is bound to, so its light follows the
pipeline without anyone reporting it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parkops.core.formatting import format_money
from parkops.core.metrics import Metric, MetricRecord
from parkops.investment.choices import CapitalSource, Stage
from parkops.investment.contracts import contract_rows
from parkops.investment.models import InvestmentProject
from parkops.investment.selectors import reaching


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


def _behind(*, park, year: int, as_of: date):
    # 履约监管's red lights as of the day asked: the signed projects behind their contract, now.
    return [row for row in contract_rows(InvestmentProject.objects.filter(park=park), today=as_of)
            if row.light.light == "red"]


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
    Metric("investment.behind_contract", "未履约（红灯）项目数", "个", _behind_count, _behind_records,
           accumulates=False, description="已签约项目中开工、投产、投资或达产后产值税收落后于协议承诺（红灯）的项目"),
)
