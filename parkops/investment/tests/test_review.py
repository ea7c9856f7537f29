"""入园联审: a meeting of five projects, each decided by the year's entry criteria, criterion by
criterion; the decision the meeting records may differ from the suggestion, and says why."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkops.investment import selectors, services
from parkops.investment.choices import Decision, Opinion, Outcome, ReviewKind
from parkops.investment.models import InvestmentProject, ReviewCriteria, ReviewMeeting
from parkops.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db

HELD_ON = date(2025, 6, 18)


@pytest.fixture
def members(park):
    return [UnitFactory(park=park, name=name) for name in ("自然资源局", "生态环境局", "应急管理局")]


@pytest.fixture
def commerce(park):
    return UnitFactory(park=park, name="商务局")


def land_meeting(park, commerce, members, supervisor, kind=ReviewKind.LAND):
    meeting = ReviewMeeting(park=park, kind=kind, held_on=HELD_ON, number=2, host="管委会主任 王晓君",
                            host_unit=commerce)
    return services.meeting_save(meeting=meeting, members=members, user=supervisor)


def put_on(meeting, supervisor, name, *, industry="装备制造", total="60000", land="150", tax="5000",
           plot_ratio="1.2", density="45", clean=True, **figures):
    project = services.project_save(project=InvestmentProject(
        park=meeting.park, name=name, investor=f"{name}投资方", industry_chain=industry, total_investment=Decimal(total),
        land_mu=Decimal(land) if land else None), user=supervisor, since=date(2025, 1, 5))
    item = services.item_add(meeting=meeting, project=project, user=supervisor)
    item.tax_per_year = Decimal(tax) if tax else None
    item.plot_ratio = Decimal(plot_ratio) if plot_ratio else None
    item.building_density = Decimal(density) if density else None
    if clean:
        item.dishonest = item.penalty_open = item.illegal_land = False
    for attr, value in figures.items():
        setattr(item, attr, value)
    return services.item_save(item=item, user=supervisor)


def all_agree(item, members, supervisor):
    for unit in members:
        services.opinion_record(item=item, unit=unit, opinion=Opinion.AGREE, user=supervisor)


def checks_of(assessment):
    return {check.name: check for check in assessment.checks}


def test_a_meeting_of_five_projects_decides_each_by_the_criteria(park, commerce, members, supervisor):
    meeting = land_meeting(park, commerce, members, supervisor)
    # 60000万元 on 150亩 = 400万元/亩; 5000万元 tax = 33.33万元/亩; 容积率1.2; 建筑系数45%.
    passing = put_on(meeting, supervisor, "智能装备产业园项目")
    # 40000万元 on 150亩 = 266.67万元/亩: short of 300 by 11%, within the 20% margin; 容积率0.9 < 1.0.
    conditional = put_on(meeting, supervisor, "精密铸件项目", industry="通用设备", total="40000", plot_ratio="0.9")
    vetoed = put_on(meeting, supervisor, "再生资源项目", dishonest=True)
    listed = put_on(meeting, supervisor, "印染整理项目", industry="纺织印染")
    missing = put_on(meeting, supervisor, "新型显示模组项目", tax="", clean=False)
    for item in (passing, conditional, vetoed, listed, missing):
        all_agree(item, members, supervisor)

    review = selectors.meeting_review(meeting)
    by_name = {r.item.project.name: r.assessment for r in review.items}
    assert len(by_name) == 5

    ok = by_name["智能装备产业园项目"]
    assert ok.suggestion == Decision.PASSED
    intensity = checks_of(ok)["投资强度"]
    assert (intensity.value, intensity.threshold, intensity.outcome) == ("400万元/亩", "≥300万元/亩", Outcome.PASS)
    assert checks_of(ok)["亩均税收"].value == "33.33万元/亩"

    cond = by_name["精密铸件项目"]
    assert cond.suggestion == Decision.CONDITIONAL
    assert checks_of(cond)["投资强度"].outcome == Outcome.SHORT
    assert "266.67万元/亩，低于300万元/亩的标准，差距在20%以内" in checks_of(cond)["投资强度"].reason
    assert "固定资产投资不低于45000万元" in cond.conditions_text
    assert "修改规划设计方案，容积率不低于1.0" in cond.conditions_text

    veto = by_name["再生资源项目"]
    assert veto.suggestion == Decision.REJECTED
    assert checks_of(veto)["失信被执行人"].outcome == Outcome.VETO
    assert veto.reason == "一票否决：投资方为失信被执行人"

    negative = by_name["印染整理项目"]
    assert negative.suggestion == Decision.REJECTED
    assert "属负面清单（印染），不得入园" in negative.reason

    held = by_name["新型显示模组项目"]
    assert held.suggestion == Decision.DEFERRED
    assert checks_of(held)["亩均税收"].outcome == Outcome.MISSING
    assert checks_of(held)["违法用地"].outcome == Outcome.MISSING
    assert held.reason.startswith("资料不全：尚未核查失信被执行人情况；")
    assert held.reason.endswith("缺少达产后年税收，无法计算亩均税收，建议暂缓")


def test_an_industry_is_held_to_its_own_plot_ratio(park, commerce, members, supervisor):
    meeting = land_meeting(park, commerce, members, supervisor)
    textiles = put_on(meeting, supervisor, "高性能纱线项目", industry="纺织服装", plot_ratio="0.85")
    check = checks_of(selectors.assess_item(textiles))["容积率"]
    assert (check.outcome, check.threshold) == (Outcome.PASS, "≥0.8（纺织服装行业）")


def test_a_large_shortfall_or_a_small_plot_rejects(park, commerce, members, supervisor):
    meeting = land_meeting(park, commerce, members, supervisor)
    thin = put_on(meeting, supervisor, "仓储物流项目", total="20000")  # 133万元/亩, far below 300
    small = put_on(meeting, supervisor, "小型五金项目", total="4000", land="10")
    for item in (thin, small):
        all_agree(item, members, supervisor)
    assert selectors.assess_item(thin).suggestion == Decision.REJECTED
    assessment = selectors.assess_item(small)
    assert assessment.suggestion == Decision.REJECTED
    assert "拟用地10亩，不足15亩，不再单独供地" in assessment.reason


def test_opinions_wait_for_every_member_and_a_dissent_defers(park, commerce, members, supervisor):
    meeting = land_meeting(park, commerce, members, supervisor)
    item = put_on(meeting, supervisor, "铜箔项目")
    services.opinion_record(item=item, unit=members[0], opinion=Opinion.AGREE, user=supervisor)
    waiting = selectors.assess_item(item)
    assert waiting.suggestion == Decision.DEFERRED
    assert "尚待应急管理局、生态环境局提出意见" in waiting.reason
    services.opinion_record(item=item, unit=members[1], opinion=Opinion.CONDITIONAL, text="环评批复后方可开工",
                            user=supervisor)
    services.opinion_record(item=item, unit=members[2], opinion=Opinion.AGREE, user=supervisor)
    conditional = selectors.assess_item(item)
    assert conditional.suggestion == Decision.CONDITIONAL
    assert conditional.conditions == ["生态环境局：环评批复后方可开工"]
    services.opinion_record(item=item, unit=members[2], opinion=Opinion.DISAGREE, text="安全距离不足",
                            user=supervisor)
    assert selectors.assess_item(item).suggestion == Decision.DEFERRED
    with pytest.raises(ValidationError, match="须写明具体意见"):
        services.opinion_record(item=item, unit=members[2], opinion=Opinion.DISAGREE, user=supervisor)


def test_a_factory_project_is_judged_on_what_applies(park, commerce, members, supervisor):
    meeting = land_meeting(park, commerce, members, supervisor, kind=ReviewKind.FACTORY)
    item = put_on(meeting, supervisor, "服装加工项目", land="", tax="150", plot_ratio="", density="",
                  factory_area=Decimal("3000"))
    all_agree(item, members, supervisor)
    assessment = selectors.assess_item(item)
    checks = checks_of(assessment)
    assert checks["投资强度"].outcome == Outcome.NOT_APPLICABLE
    assert checks["亩均税收"].reason == "未提供折算用地面积，不评价亩均税收"
    assert assessment.suggestion == Decision.PASSED
    item.converted_mu = Decimal("10")  # 15万元/亩: half the standard
    services.item_save(item=item, user=supervisor)
    assessment = selectors.assess_item(item)
    assert checks_of(assessment)["亩均税收"].value == "15万元/亩"
    assert assessment.suggestion == Decision.REJECTED


def test_the_criteria_are_the_years_own(park, commerce, members, supervisor):
    criteria = selectors.criteria_for(park=park, year=2025)
    assert criteria.pk is None and criteria.investment_intensity_min == 300
    criteria.investment_intensity_min = Decimal("450")
    services.criteria_save(criteria=criteria, user=supervisor)
    meeting = land_meeting(park, commerce, members, supervisor)
    item = put_on(meeting, supervisor, "智能装备产业园项目")  # 400万元/亩
    assert checks_of(selectors.assess_item(item))["投资强度"].outcome == Outcome.SHORT
    # A later year without its own criteria keeps the last ones set.
    assert selectors.criteria_for(park=park, year=2026).investment_intensity_min == 450
    assert ReviewCriteria.objects.count() == 1


def test_a_decision_other_than_the_suggestion_says_why(park, commerce, members, supervisor):
    meeting = land_meeting(park, commerce, members, supervisor)
    item = put_on(meeting, supervisor, "精密铸件项目", total="40000")
    all_agree(item, members, supervisor)
    with pytest.raises(ValidationError, match="须写明通过条件"):
        services.decide(item=item, decision=Decision.CONDITIONAL, user=supervisor)
    with pytest.raises(ValidationError, match="与之不同，请在决定说明中写明理由"):
        services.decide(item=item, decision=Decision.PASSED, user=supervisor)
    services.decide(item=item, decision=Decision.PASSED, note="投资方承诺二期追加投资", user=supervisor)
    reviewed = selectors.meeting_review(meeting).items[0]
    assert reviewed.item.decision == Decision.PASSED and reviewed.assessment.suggestion == Decision.CONDITIONAL
    assert reviewed.differs
    with pytest.raises(ValidationError, match="不能再修改意见"):
        services.opinion_record(item=item, unit=members[0], opinion=Opinion.AGREE, user=supervisor)


def test_a_meeting_number_is_taken_once_a_year(park, commerce, members, supervisor):
    land_meeting(park, commerce, members, supervisor)
    with pytest.raises(ValidationError, match="2025年第2次工业用地项目入园联审会议已登记"):
        land_meeting(park, commerce, members, supervisor)
    # The other kind keeps its own count.
    land_meeting(park, commerce, members, supervisor, kind=ReviewKind.FACTORY)
