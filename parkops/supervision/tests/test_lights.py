"""亮灯: the light of a task and the reason given for it (lights.compute_light, selectors.with_lights).

Every test states its own `today`, so none depends on the date it runs. The 2023 plan reports
monthly, due on the 5th of the next month, as the seed's county does.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from parkops.supervision import selectors, services
from parkops.supervision.choices import Comparator, Light
from parkops.supervision.lights import compute_light
from parkops.supervision.models import Task
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory, month

# After the October report fell due (5 November) and before the November one is expected.
MID_NOVEMBER = date(2023, 11, 20)
REVENUE_720 = "坚持工业强县战略不动摇，力争工业营业收入达到720亿元。"
LAND_350 = "常态化开展闲置企业盘活，盘活土地350亩以上。"
PARK_610 = "力争高新区营业收入突破610亿元。"


@pytest.fixture
def plan(park):
    return PlanFactory(park=park, year=2023)


def make_task(plan, unit, text, **kwargs) -> Task:
    """A task led by `unit`, with the targets read from its text as the importer proposes them."""
    task = TaskFactory(plan=plan, text=text, lead_units=[unit], **kwargs)
    services.task_targets_from_text(task)
    return task


def accept(task, unit, supervisor, period, text="进展", figure=None, claims_done=False):
    figures = {task.targets.get().pk: figure} if figure is not None else {}
    report = services.report_submit(task=task, unit=unit, user=None, period=period, text=text, figures=figures,
                                    claims_done=claims_done)
    return services.report_accept(report=report, user=supervisor)


def light_of(task, today=MID_NOVEMBER):
    """The light as the pages compute it: from the listing queryset, through with_lights."""
    (listed,) = selectors.with_lights(Task.objects.with_listing_data().filter(pk=task.pk), today=today)
    return listed.light


# --- 已完成 ------------------------------------------------------------------------------------------


def test_357_mu_of_350_mu_or_more_is_done(plan, unit, supervisor):
    task = make_task(plan, unit, LAND_350)
    accept(task, unit, supervisor, month(2023, 10), "共盘活土地357亩。", figure=Decimal(357))

    light = light_of(task)

    assert light.light == Light.DONE
    assert light.reason == "1-10月完成357亩，已达目标350亩"


def test_done_is_kept_after_the_deadline(plan, unit, supervisor):
    task = make_task(plan, unit, LAND_350, deadline=date(2023, 10, 31))
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal(357))

    assert light_of(task, today=date(2024, 1, 10)).light == Light.DONE


def test_a_task_without_targets_is_done_when_the_unit_claims_it_and_the_supervisor_accepts(plan, unit, supervisor):
    task = make_task(plan, unit, "创建省级绿色园区。")
    accept(task, unit, supervisor, month(2023, 10), "获批省级绿色工业园区，正式文件已下发。", claims_done=True)

    light = light_of(task)

    assert light.light == Light.DONE
    assert light.reason == f"{unit}于2023年10月报告已完成，已审核采纳"


def test_a_claim_of_done_is_not_enough_where_a_target_is_not_met(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal(6_200_000), claims_done=True)

    assert light_of(task).light == Light.ON_SCHEDULE


def test_a_claim_of_done_awaiting_review_does_not_make_the_task_done(plan, unit):
    task = make_task(plan, unit, "创建省级绿色园区。")
    services.report_submit(task=task, unit=unit, user=None, period=month(2023, 10), text="已完成", claims_done=True)

    assert light_of(task).light == Light.NOT_STARTED


# --- 滞后 and 序时推进 -----------------------------------------------------------------------------------


def test_380_of_720_yi_for_january_to_october_is_behind(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 10), "1-10月园区规上企业营业收入380亿元。", figure=Decimal(3_800_000))

    light = light_of(task)

    # 380 ÷ 720 = 52.78% of the target against 10/12 = 83.33% of the year.
    assert light.light == Light.BEHIND
    assert light.reason == "1-10月完成380.00亿元，为目标720.00亿元的52.78%，序时进度83.33%，落后30.55个百分点"


def test_620_of_720_yi_for_january_to_october_is_on_schedule(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal(6_200_000))

    light = light_of(task)

    assert light.light == Light.ON_SCHEDULE
    assert light.reason == "1-10月完成620.00亿元，为目标720.00亿元的86.11%，序时进度83.33%"


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [("10", Light.ON_SCHEDULE), ("9.99", Light.BEHIND)],
    ids=["gap equal to the tolerance", "gap just over the tolerance"],
)
def test_tolerance_setting_decides_at_the_boundary(plan, unit, supervisor, settings, tolerance, expected):
    # 48 of 120亿元 for 1-6月: 40% of the target against 50% of the year, 10 points behind.
    task = make_task(plan, unit, "力争园区营业收入达到120亿元。")
    accept(task, unit, supervisor, month(2023, 6), figure=Decimal(480_000))
    settings.LIGHT_BEHIND_TOLERANCE_POINTS = Decimal(tolerance)

    assert light_of(task, today=date(2023, 7, 20)).light == expected


def test_a_wider_tolerance_turns_the_380_yi_task_to_on_schedule(plan, unit, supervisor, settings):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal(3_800_000))

    settings.LIGHT_BEHIND_TOLERANCE_POINTS = Decimal(31)
    assert light_of(task).light == Light.ON_SCHEDULE
    settings.LIGHT_BEHIND_TOLERANCE_POINTS = Decimal(30)
    assert light_of(task).light == Light.BEHIND


def test_a_missing_report_for_the_last_period_due_is_behind(plan, unit, supervisor):
    task = make_task(plan, unit, "加快丰林工业新区三期开发。")
    accept(task, unit, supervisor, month(2023, 9), "拆迁工作已完成。")

    light = light_of(task)

    assert light.light == Light.BEHIND
    assert light.reason == "2023年10月进展应于11月5日前报送，尚未报送或未采纳"


def test_every_missed_month_is_named_in_the_reason(plan, unit, supervisor):
    task = make_task(plan, unit, "加快丰林工业新区三期开发。")
    accept(task, unit, supervisor, month(2023, 8), "拆迁工作已完成。")

    light = light_of(task)

    assert light.light == Light.BEHIND
    assert light.reason == "2023年9月、10月进展尚未报送或未采纳（9月进展应于10月5日前报送）"


def test_the_report_of_a_period_not_yet_due_is_not_missed(plan, unit, supervisor):
    task = make_task(plan, unit, "加快丰林工业新区三期开发。")
    accept(task, unit, supervisor, month(2023, 9), "正在开展征地工作。")

    # The October report falls due on 5 November.
    assert light_of(task, today=date(2023, 11, 5)).light == Light.ON_SCHEDULE
    assert light_of(task, today=date(2023, 11, 6)).light == Light.BEHIND


def test_a_task_without_targets_reported_on_time_is_on_schedule(plan, unit, supervisor):
    task = make_task(plan, unit, "推动丰林工业新区“五统一”项目高效利用。")
    accept(task, unit, supervisor, month(2023, 10), "工业水项目已试运行。")

    light = light_of(task)

    assert light.light == Light.ON_SCHEDULE
    assert light.reason == "2023年10月进展已报送并采纳"


# --- 未启动 and 逾期 ---------------------------------------------------------------------------------


def test_a_task_with_no_report_is_not_started(plan, unit):
    task = make_task(plan, unit, REVENUE_720)

    light = light_of(task)

    assert light.light == Light.NOT_STARTED
    assert light.reason == "尚无审核采纳的进展报告"


def test_a_report_awaiting_review_does_not_start_the_task(plan, unit):
    task = make_task(plan, unit, REVENUE_720)
    services.report_submit(task=task, unit=unit, user=None, period=month(2023, 10), text="380亿元",
                           figures={task.targets.get().pk: Decimal(3_800_000)})

    assert light_of(task).light == Light.NOT_STARTED


def test_a_task_past_its_deadline_and_not_done_is_overdue(plan, unit, supervisor):
    task = make_task(plan, unit, "完成宝塔园区上好佳路和九岭路改造。", deadline=date(2023, 10, 31))
    accept(task, unit, supervisor, month(2023, 10), "已完成挂网招标。")

    light = light_of(task)

    assert light.light == Light.OVERDUE
    assert light.reason == "完成期限2023年10月31日已过，任务尚未完成"


def test_the_plan_deadline_applies_to_a_task_without_its_own(park, unit):
    plan = PlanFactory(park=park, year=2023, deadline=date(2023, 11, 25))
    task = make_task(plan, unit, "完成污水处理厂二期规划设计。")

    assert light_of(task, today=date(2023, 11, 25)).light == Light.NOT_STARTED
    assert light_of(task, today=date(2023, 11, 26)).light == Light.OVERDUE


def test_a_year_target_missed_is_overdue_once_decembers_figures_were_due(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 11), figure=Decimal("6500000"))  # 650亿 for 1-11月

    # December's report falls due on 5 January: until then the year cannot be judged.
    assert light_of(task, today=date(2024, 1, 5)).light != Light.OVERDUE
    light = light_of(task, today=date(2024, 1, 6))
    assert light.light == Light.OVERDUE
    assert light.reason == "完成期限2023年12月31日已过，任务尚未完成"


def test_a_year_target_met_stays_done_after_the_year(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 12), figure=Decimal("7300000"))

    assert light_of(task, today=date(2024, 3, 1)).light == Light.DONE


def test_a_ceiling_is_met_only_by_the_figure_for_the_whole_year(plan, unit, supervisor):
    task = TaskFactory(plan=plan, text="单位GDP能耗控制在0.5吨标准煤以内。", lead_units=[unit])
    TargetFactory(task=task, phrase="控制在0.5吨标准煤以内", comparator=Comparator.AT_MOST, amount=Decimal("0.5"),
                  unit="吨标准煤")
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal("0.42"))

    light = light_of(task)
    assert light.light == Light.ON_SCHEDULE
    assert light.reason == "1-10月为0.42吨标准煤，控制目标0.5吨标准煤以内"

    accept(task, unit, supervisor, month(2023, 12), figure=Decimal("0.48"))
    done = light_of(task, today=date(2024, 1, 10))
    assert done.light == Light.DONE
    assert done.reason == "1-12月为0.48吨标准煤，在控制目标0.5吨标准煤以内"


def test_a_ceiling_exceeded_is_behind(plan, unit, supervisor):
    task = TaskFactory(plan=plan, text="单位GDP能耗控制在0.5吨标准煤以内。", lead_units=[unit])
    TargetFactory(task=task, phrase="控制在0.5吨标准煤以内", comparator=Comparator.AT_MOST, amount=Decimal("0.5"),
                  unit="吨标准煤")
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal("0.56"))

    light = light_of(task)
    assert light.light == Light.BEHIND
    assert light.reason == "1-10月为0.56吨标准煤，控制目标0.5吨标准煤，已超出"


# --- the supervisor's word -------------------------------------------------------------------------


def test_supervisor_override_wins_and_gives_its_reason(plan, unit, supervisor):
    task = make_task(plan, unit, "完成宝塔园区上好佳路改造。", deadline=date(2023, 10, 31))
    assert light_of(task).light == Light.OVERDUE

    services.light_override(task=task, user=supervisor, light=Light.DONE, reason="经现场核实，改造已于10月底完成")

    light = light_of(task)
    assert light.light == Light.DONE
    assert light.reason == "督办员认定：经现场核实，改造已于10月底完成"


def test_clearing_the_override_restores_the_computed_light(plan, unit, supervisor):
    task = make_task(plan, unit, "完成宝塔园区上好佳路改造。", deadline=date(2023, 10, 31))
    services.light_override(task=task, user=supervisor, light=Light.DONE, reason="经现场核实")

    services.light_override(task=task, user=supervisor, light="", reason="")

    assert light_of(task).light == Light.OVERDUE


def test_an_override_without_a_reason_is_refused(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)

    with pytest.raises(ValidationError, match="人工认定灯色须填写理由"):
        services.light_override(task=task, user=supervisor, light=Light.DONE, reason="  ")
    task.refresh_from_db()
    assert task.light_override == ""


def test_the_task_page_shows_the_override_and_its_reason(plan, unit, supervisor):
    task = make_task(plan, unit, "完成宝塔园区上好佳路改造。", deadline=date(2023, 10, 31))
    client = Client()
    client.force_login(supervisor)

    client.post(reverse("supervision:light_override", args=[task.pk]),
                {"light": Light.ON_SCHEDULE, "reason": "工期经县政府常务会同意顺延至12月"})

    page = client.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    shown = re.search(r'id="task-light">(.*?)</div>', page, re.S).group(1)
    assert "序时推进" in shown
    assert "督办员认定：工期经县政府常务会同意顺延至12月" in shown


# --- every reason --------------------------------------------------------------------------------


def test_every_light_has_a_chinese_reason_and_those_with_figures_name_them(plan, unit, supervisor):
    done = make_task(plan, unit, LAND_350, number="21")
    accept(done, unit, supervisor, month(2023, 10), figure=Decimal(357))
    behind = make_task(plan, unit, REVENUE_720, number="9")
    accept(behind, unit, supervisor, month(2023, 10), figure=Decimal(3_800_000))
    on_schedule = make_task(plan, unit, PARK_610, number="19")
    accept(on_schedule, unit, supervisor, month(2023, 10), figure=Decimal(5_050_000))
    make_task(plan, unit, "适时启动纺织品市场规划。", number="24")
    make_task(plan, unit, "完成人居环境改造。", number="23", deadline=date(2023, 10, 31))

    tasks = selectors.with_lights(Task.objects.with_listing_data().filter(plan=plan), today=MID_NOVEMBER)

    lights = {task.number: task.light for task in tasks}
    assert {n: light.light for n, light in lights.items()} == {
        "21": Light.DONE, "9": Light.BEHIND, "19": Light.ON_SCHEDULE, "24": Light.NOT_STARTED, "23": Light.OVERDUE,
    }
    for light in lights.values():
        assert re.search(r"[\u4e00-\u9fff]", light.reason), light
    assert "357亩" in lights["21"].reason and "350亩" in lights["21"].reason
    assert "380.00亿元" in lights["9"].reason and "720.00亿元" in lights["9"].reason
    assert "505.00亿元" in lights["19"].reason and "610.00亿元" in lights["19"].reason


def test_compute_light_and_with_lights_agree(plan, unit, supervisor):
    task = make_task(plan, unit, REVENUE_720)
    accept(task, unit, supervisor, month(2023, 10), figure=Decimal(3_800_000))

    assert compute_light(Task.objects.get(pk=task.pk), today=MID_NOVEMBER) == light_of(task)
