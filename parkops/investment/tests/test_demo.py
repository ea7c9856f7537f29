"""The demo park's 招商引资: fifteen projects across every stage, the started ones in 重点项目调度 and the
registered ones in the registry, and a second run adds nothing."""

from collections import Counter
from datetime import date

import pytest

from parkops.investment.choices import Decision, Stage
from parkops.investment.demo import build_investment
from parkops.investment.models import InvestmentActivity, InvestmentProject, ReviewMeeting, StageChange
from parkops.org.demo import build_organisation

pytestmark = pytest.mark.django_db


def test_the_demo_park_has_projects_at_every_stage_and_adds_nothing_the_second_time():
    park = build_organisation()
    build_investment(park, date.today())
    stages = Counter(InvestmentProject.objects.values_list("stage", flat=True))
    assert sum(stages.values()) == 15
    assert set(stages) == set(Stage.values)
    started = InvestmentProject.objects.filter(stage__in=[Stage.STARTED, Stage.IN_PRODUCTION])
    assert all(p.key_project is not None and p.enterprise is not None for p in started)
    assert InvestmentActivity.objects.count() == 5
    changes = StageChange.objects.count()

    build_investment(park, date.today())

    assert InvestmentProject.objects.count() == 15 and StageChange.objects.count() == changes


def test_the_demo_meeting_decides_five_leads_each_its_own_way():
    park = build_organisation()
    build_investment(park, date.today())
    meeting = ReviewMeeting.objects.get()
    decisions = dict(meeting.items.values_list("project__name", "decision"))
    assert decisions == {"新型显示模组项目": Decision.PASSED, "再生铜精深加工项目": Decision.CONDITIONAL,
                         "功能性面料项目": Decision.REJECTED, "高性能纱线项目": Decision.REJECTED,
                         "智能仓储机器人项目": Decision.DEFERRED}
    conditional = meeting.items.get(decision=Decision.CONDITIONAL)
    assert "亩均税收不低于30万元/亩" in conditional.conditions and "环评批复" in conditional.conditions

    build_investment(park, date.today())

    assert ReviewMeeting.objects.count() == 1 and meeting.items.count() == 5
