"""Quantitative targets read from a task's text, figures read from a progress text, and the
supervisor's correction of what was read.

The texts are the 一览表's own (seed 000). Money is held in 万元: "720亿元" is 7,200,000.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from parkops.supervision import services
from parkops.supervision.choices import Comparator
from parkops.supervision.models import Target
from parkops.supervision.targets import parse_targets, read_figure
from parkops.testing.factories import PlanFactory, TaskFactory

TASK_9 = "坚持工业强县战略不动摇，大力推进新型工业化，建设现代化产业体系，力争工业营业收入达到720亿元。"
TASK_19 = "创建省级绿色园区，加快高新区机制体制改革，深入实施集群式项目满园扩园行动，力争高新区营业收入突破610亿元。"
TASK_21 = "常态化开展闲置企业盘活，盘活土地350亩以上。"
TASK_22 = "启动智慧园区建设，强化“亩产论英雄”导向，开展“节地增效”行动，推进“标准地”建设，提升园区发展效益。"


def read(text: str) -> list[tuple[str, str, Decimal, str]]:
    return [(t.phrase, t.comparator, t.amount, t.unit) for t in parse_targets(text)]


# --- parse_targets ---------------------------------------------------------------------------------


def test_revenue_target_in_yi_is_held_in_wan_as_at_least():
    assert read(TASK_9) == [("达到720亿元", Comparator.AT_LEAST, Decimal(7_200_000), "万元")]


def test_yishang_after_a_figure_makes_it_an_at_least_target():
    assert read(TASK_21) == [("盘活土地350亩以上", Comparator.AT_LEAST, Decimal(350), "亩")]


def test_tupo_breaking_a_figure_is_an_at_least_target():
    assert read(TASK_19) == [("突破610亿元", Comparator.AT_LEAST, Decimal(6_100_000), "万元")]


def test_several_targets_in_one_text_are_read_in_order():
    text = "力争工业营业收入达到720亿元，盘活土地350亩以上，新增规上工业企业15家。"

    assert read(text) == [
        ("达到720亿元", Comparator.AT_LEAST, Decimal(7_200_000), "万元"),
        ("盘活土地350亩以上", Comparator.AT_LEAST, Decimal(350), "亩"),
        ("新增规上工业企业15家", Comparator.AT_LEAST, Decimal(15), "家"),
    ]


def test_text_without_a_quantitative_target_gives_none():
    assert read(TASK_22) == []


def test_years_and_months_in_a_text_are_not_targets():
    assert read("2022年标准厂房正在加快施工，预计2024年6月竣工验收。") == []


def test_a_reported_growth_rate_is_a_fact_not_a_target():
    assert read("1-10月规上工业增加值同比增长15%。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("园区光伏覆盖率达到65％", ("达到65％", Comparator.AT_LEAST, Decimal(65), "%")),
        ("力争规上工业增加值增长8.5%", ("力争规上工业增加值增长8.5%", Comparator.AT_LEAST, Decimal("8.5"), "%")),
        ("规上工业增加值增长8%以上", ("8%以上", Comparator.AT_LEAST, Decimal(8), "%")),
        ("单位工业增加值能耗增幅控制在3%以内", ("控制在3%以内", Comparator.AT_MOST, Decimal(3), "%")),
    ],
    ids=["full-width percent", "growth with 力争", "growth with 以上", "a cap with 控制在…以内"],
)
def test_percentage_targets(text, expected):
    assert read(text) == [expected]


def test_dollar_and_area_targets_are_held_in_their_canonical_units():
    assert read("实际利用外资达到1.181亿美元，完成标准厂房建设10万平方米。") == [
        ("达到1.181亿美元", Comparator.AT_LEAST, Decimal(11810), "万美元"),
        ("完成标准厂房建设10万平方米", Comparator.AT_LEAST, Decimal(100_000), "平方米"),
    ]


# --- read_figure -----------------------------------------------------------------------------------


def test_figure_in_yi_is_read_in_wan():
    assert read_figure("1-10月园区规上企业营业收入380亿元。", "万元") == Decimal(3_800_000)


def test_running_total_wins_over_the_parts_listed_after_it():
    progress = "共盘活土地357亩。其中福得来家具45亩，宝塔塑业30亩。"

    assert read_figure(progress, "亩") == Decimal(357)


def test_without_a_total_the_last_figure_in_the_unit_is_read():
    assert read_figure("8月盘活土地212亩，9月盘活土地276亩。", "亩") == Decimal(276)


def test_a_rounded_figure_is_still_read():
    assert read_figure("累计盘活闲置土地300余亩。", "亩") == Decimal(300)
    assert read_figure("完成投资2000多万元。", "万元") == Decimal(2000)


def test_figures_in_other_units_are_ignored():
    assert read_figure("1-10月营业收入380亿元，同比增长12%。", "亩") is None


# --- the proposal and the supervisor's correction --------------------------------------------------


@pytest.fixture
def task_9(park, unit):
    return TaskFactory(plan=PlanFactory(park=park), number="9", text=TASK_9, lead_units=[unit])


def test_task_targets_from_text_stores_the_proposed_targets(task_9):
    services.task_targets_from_text(task_9)

    stored = list(task_9.targets.values_list("phrase", "comparator", "amount", "unit"))
    assert stored == [("达到720亿元", Comparator.AT_LEAST, Decimal(7_200_000), "万元")]


def test_a_corrected_target_is_not_replaced_by_reading_the_text_again(task_9):
    (target,) = services.task_targets_from_text(task_9)
    target.amount = Decimal(7_500_000)
    target.save()

    again = services.task_targets_from_text(task_9)

    assert [(t.pk, t.amount) for t in again] == [(target.pk, Decimal(7_500_000))]
    assert task_9.targets.count() == 1


def _edit_form_data(response) -> dict:
    """What the edit page would post back unchanged: every field's value as its widget renders it."""
    data = {}
    form, targets = response.context["form"], response.context["targets"]
    for bound in [*form, *targets.management_form]:
        value = bound.field.prepare_value(bound.value())
        data[bound.html_name] = "" if value is None else value
    for target_form in targets:
        for bound in target_form:
            value = bound.value()
            if value not in (None, False):
                data[bound.html_name] = value
    return data


def test_supervisor_corrects_a_target_on_the_task_edit_page(task_9, supervisor):
    services.task_targets_from_text(task_9)
    client = Client()
    client.force_login(supervisor)
    url = reverse("supervision:task_edit", args=[task_9.pk])

    page = client.get(url)
    data = _edit_form_data(page)
    # The page speaks in 亿元, as the text does, not in the 万元 it stores.
    assert data["targets-0-amount"] == Decimal(720)
    assert data["targets-0-display_unit"] == "亿元"

    data["targets-0-amount"] = "750"
    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    target = Target.objects.get(task=task_9)
    assert (target.amount, target.unit) == (Decimal(7_500_000), "万元")
    assert "750.00亿元" in client.get(reverse("supervision:task_detail", args=[task_9.pk])).content.decode()


def test_supervisor_adds_a_target_the_reader_missed(park, unit, supervisor):
    # "增长7%" without a cue word is not read as a target: the supervisor adds it by hand.
    task = TaskFactory(plan=PlanFactory(park=park), number="1", text="地区生产总值增长7%左右。", lead_units=[unit])
    assert services.task_targets_from_text(task) == []
    client = Client()
    client.force_login(supervisor)
    url = reverse("supervision:task_edit", args=[task.pk])
    data = _edit_form_data(client.get(url))

    data.update({"targets-0-phrase": "增长7%左右", "targets-0-comparator": Comparator.AT_LEAST,
                 "targets-0-amount": "7", "targets-0-display_unit": "%"})
    response = client.post(url, data)

    assert response.status_code == 302
    assert list(task.targets.values_list("phrase", "amount", "unit")) == [("增长7%左右", Decimal(7), "%")]
