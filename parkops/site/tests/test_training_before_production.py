"""投产前法定代表人须通过安全培训: when the park turns it on, a key project or a 招商 project is marked 投产
only once its enterprise's legal person passed the safety training's test; off, nothing changes."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.investment import services as investment_services
from parkops.investment.choices import Stage as InvestmentStage
from parkops.projects import services as project_services
from parkops.projects.choices import Stage
from parkops.safety import services as safety_services
from parkops.safety.choices import TraineeRole
from parkops.safety.models import Attendance, TrainingSession
from parkops.testing.factories import EnterpriseFactory, InvestmentProjectFactory, ProjectFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def weike(park):
    return EnterpriseFactory(park=park, name="江西维科技术有限公司", legal_representative="李卫")


def _trained(park, user, *, enterprise_name, person, score):
    session = safety_services.training_save(session=TrainingSession(park=park, title="新入园企业法人安全培训",
                                                                    held_on=date(2025, 10, 9)), user=user)
    return safety_services.attendance_save(attendance=Attendance(
        session=session, enterprise_name=enterprise_name, person_name=person, role=TraineeRole.LEGAL_PERSON,
        score=Decimal(score)), user=user)


def test_a_key_project_is_not_marked_in_production_before_its_legal_person_passed(park, supervisor, weike):
    project = ProjectFactory(park=park, enterprise_name="江西维科技术有限公司", stage=Stage.UNDER_CONSTRUCTION)
    safety_services.rules_save(park=park, training_before_production=True, user=supervisor)
    with pytest.raises(ValidationError) as refused:
        project_services.stage_change(project=project, stage=Stage.IN_PRODUCTION, on=date(2025, 11, 18), user=supervisor)
    assert ("本园区规定投产前法定代表人须通过安全培训：江西维科技术有限公司的法定代表人李卫尚无安全培训考试合格记录"
            in refused.value.messages[0])
    _trained(park, supervisor, enterprise_name="江西维科技术有限公司", person="李卫", score="55")  # failed the test
    with pytest.raises(ValidationError):
        project_services.stage_change(project=project, stage=Stage.IN_PRODUCTION, on=date(2025, 11, 18), user=supervisor)
    _trained(park, supervisor, enterprise_name="江西维科技术有限公司（德安）", person="张三", score="90")  # not the legal person
    with pytest.raises(ValidationError):
        project_services.stage_change(project=project, stage=Stage.IN_PRODUCTION, on=date(2025, 11, 18), user=supervisor)

    session = TrainingSession.objects.get(attendances__person_name="李卫")
    Attendance.objects.filter(session=session).update(score=Decimal("86"))
    project_services.stage_change(project=project, stage=Stage.IN_PRODUCTION, on=date(2025, 11, 18), user=supervisor)
    project.refresh_from_db()
    assert project.stage == Stage.IN_PRODUCTION


def test_without_the_setting_a_project_goes_into_production_as_before(park, supervisor):
    project = ProjectFactory(park=park, stage=Stage.UNDER_CONSTRUCTION)
    project_services.stage_change(project=project, stage=Stage.IN_PRODUCTION, on=date(2025, 11, 18), user=supervisor)
    project.refresh_from_db()
    assert project.stage == Stage.IN_PRODUCTION


def test_an_investment_project_is_held_too_and_passes_once_trained(park, supervisor, weike):
    project = InvestmentProjectFactory(park=park, stage=InvestmentStage.STARTED, enterprise=weike)
    safety_services.rules_save(park=park, training_before_production=True, user=supervisor)
    with pytest.raises(ValidationError, match="法定代表人李卫尚无安全培训考试合格记录"):
        investment_services.stage_advance(project=project, stage=InvestmentStage.IN_PRODUCTION, on=date(2025, 11, 18),
                                       user=supervisor)
    _trained(park, supervisor, enterprise_name="江西维科技术有限公司", person="李卫", score="75")
    investment_services.stage_advance(project=project, stage=InvestmentStage.IN_PRODUCTION, on=date(2025, 11, 18),
                                   user=supervisor)
    project.refresh_from_db()
    assert project.stage == InvestmentStage.IN_PRODUCTION
