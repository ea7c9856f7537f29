"""A project walks 线索 → 在谈 → 签约 → 注册 → 开工 → 投产: the order held, the history appended, the
registry's own enterprise linked at 注册 and one key project made at 开工."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from parkops.core.models import AuditEntry
from parkops.investment import services
from parkops.investment.choices import CapitalSource, Stage
from parkops.investment.models import InvestmentProject, StageChange
from parkops.testing.factories import EnterpriseFactory, ProjectFactory, credit_code

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 1)


def Project():  # noqa: N802 - the key-project model, reached without importing another domain app
    return apps.get_model("projects", "Project")


@pytest.fixture
def project(park, unit, supervisor):
    return services.project_save(project=InvestmentProject(
        park=park, name="乾照光电LED芯片项目", investor="厦门乾照光电股份有限公司", industry_chain="LED光电",
        total_investment=Decimal("500000"), unit=unit), user=supervisor, since=DAY)


def test_a_new_project_starts_as_a_lead_with_its_first_history_line(project):
    assert project.stage == Stage.LEAD
    assert [(c.from_stage, c.to_stage, c.on) for c in project.stage_changes.all()] == [("", Stage.LEAD, DAY)]


def test_stages_move_forward_only(project, supervisor):
    services.stage_advance(project=project, stage=Stage.SIGNED, on=DAY + timedelta(days=10), user=supervisor)
    with pytest.raises(ValidationError, match="只能向前推进"):
        services.stage_advance(project=project, stage=Stage.NEGOTIATING, on=DAY + timedelta(days=11), user=supervisor)
    with pytest.raises(ValidationError, match="已是“签约”"):
        services.stage_advance(project=project, stage=Stage.SIGNED, on=DAY + timedelta(days=11), user=supervisor)
    with pytest.raises(ValidationError, match="按时间顺序"):
        services.stage_advance(project=project, stage=Stage.REGISTERED, on=DAY, credit_code=credit_code(1),
                               user=supervisor)
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED


def test_stage_changes_are_appended_and_audited(project, supervisor):
    services.stage_advance(project=project, stage=Stage.NEGOTIATING, on=DAY + timedelta(days=1), user=supervisor,
                           note="首次洽谈")
    services.stage_advance(project=project, stage=Stage.SIGNED, on=DAY + timedelta(days=20), user=supervisor)
    changes = list(StageChange.objects.filter(project=project).values_list("from_stage", "to_stage"))
    assert changes == [("", Stage.LEAD), (Stage.LEAD, Stage.NEGOTIATING), (Stage.NEGOTIATING, Stage.SIGNED)]
    assert AuditEntry.objects.filter(detail__contains="在谈→签约").exists()
    # 签约 records the agreement, by default for the project's total on that day.
    assert project.agreement.total_investment == Decimal("500000")
    assert project.agreement.signed_on == DAY + timedelta(days=20)


def test_a_future_date_and_a_terminated_project_are_refused(project, supervisor):
    with pytest.raises(ValidationError, match="晚于今天"):
        services.stage_advance(project=project, stage=Stage.NEGOTIATING, on=date.today() + timedelta(days=1),
                               user=supervisor)
    with pytest.raises(ValidationError, match="终止原因"):
        services.stage_advance(project=project, stage=Stage.TERMINATED, on=DAY, user=supervisor)
    services.stage_advance(project=project, stage=Stage.TERMINATED, on=DAY, user=supervisor,
                           terminated_reason="投资方资金链断裂")
    with pytest.raises(ValidationError, match="已终止"):
        services.stage_advance(project=project, stage=Stage.SIGNED, on=DAY, user=supervisor)


def test_registering_needs_the_credit_code_and_links_the_registrys_own_enterprise(park, project, supervisor):
    existing = EnterpriseFactory(park=park, name="江西乾照光电有限公司")
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        services.stage_advance(project=project, stage=Stage.REGISTERED, on=DAY, user=supervisor)
    services.stage_advance(project=project, stage=Stage.REGISTERED, on=DAY, user=supervisor,
                           credit_code=existing.credit_code.lower())
    project.refresh_from_db()
    assert project.enterprise_id == existing.pk  # the same enterprise, not a copy
    assert type(existing).objects.count() == 1


def test_registering_a_new_company_adds_it_to_the_registry_once(park, project, supervisor):
    services.stage_advance(project=project, stage=Stage.REGISTERED, on=DAY, user=supervisor,
                           credit_code=credit_code(77), enterprise_name="江西乾照光电有限公司")
    project.refresh_from_db()
    assert project.enterprise.name == "江西乾照光电有限公司"
    assert project.enterprise.credit_code == credit_code(77)


def test_a_wrong_check_character_is_refused_and_nothing_is_written(project, supervisor):
    wrong = credit_code(5)[:17] + ("0" if credit_code(5)[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        services.stage_advance(project=project, stage=Stage.REGISTERED, on=DAY, user=supervisor, credit_code=wrong)
    assert project.stage_changes.count() == 1


def test_starting_makes_one_key_project_with_its_dates(project, supervisor):
    services.stage_advance(project=project, stage=Stage.SIGNED, on=DAY, user=supervisor,
                           agreement=services.AgreementTerms(total_investment=Decimal("480000"),
                                                             tax_at_full=Decimal("20000")))
    services.stage_advance(project=project, stage=Stage.REGISTERED, on=DAY + timedelta(days=30), user=supervisor,
                           credit_code=credit_code(8), enterprise_name="江西乾照光电有限公司")
    services.stage_advance(project=project, stage=Stage.STARTED, on=DAY + timedelta(days=60), user=supervisor)
    services.stage_advance(project=project, stage=Stage.IN_PRODUCTION, on=DAY + timedelta(days=400), user=supervisor)
    project.refresh_from_db()
    key = project.key_project
    assert Project().objects.count() == 1
    assert key.name == "乾照光电LED芯片项目"
    assert key.total_investment == Decimal("480000") and key.expected_tax == Decimal("20000")
    assert key.credit_code == credit_code(8)
    assert [(e.stage, e.on) for e in key.stage_events.all()] == [("signed", DAY), ("started", DAY + timedelta(days=60)),
                                                                   ("in_production", DAY + timedelta(days=400))]
    assert key.stage == "in_production"  # 投产 in 招商引资 is 投产 in 重点项目调度


def test_starting_links_the_key_project_of_the_same_name(park, project, supervisor):
    already = ProjectFactory(park=park, name="乾照光电LED芯片项目")
    services.stage_advance(project=project, stage=Stage.STARTED, on=DAY, user=supervisor)
    project.refresh_from_db()
    assert project.key_project_id == already.pk
    assert Project().objects.count() == 1


def test_a_foreign_project_is_kept_in_dollars_and_in_yuan(park, supervisor):
    project = services.project_save(project=InvestmentProject(
        park=park, name="新加坡丰益食品项目", investor="丰益国际", capital_source=CapitalSource.FOREIGN,
        origin_country="新加坡", foreign_amount=Decimal("3000"), exchange_rate=Decimal("7.1"),
        total_investment=Decimal(0)), user=supervisor)
    assert project.total_investment == Decimal("21300.00")
    assert project.foreign_amount == Decimal("3000")
