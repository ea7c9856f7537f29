"""Factories for tests: a test builds just the records its story needs."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from parkops.org.choices import LeaderLevel, Role, UnitKind
from parkops.org.models import Park, Person, Unit
from parkops.stability import rules as stability_rules
from parkops.supervision.choices import Cycle, LeaderRole, UnitRole
from parkops.supervision.models import Plan, Section, Target, Task, TaskLeader, TaskUnit

PASSWORD = "Parkops#2026"


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ("name",)

    name = "德安高新技术产业园区"
    short_name = "高新区"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("park", "name")

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("park", "name")

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"领导{n}")
    level = LeaderLevel.COUNTY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    role = Role.VIEWER

    @factory.post_generation
    def password(self, create, value, **kwargs):
        self.set_password(value or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"2023年县《政府工作报告》目标任务{n}")
    year = 2023
    cycle = Cycle.MONTHLY
    due_day = 5


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    heading = "二、坚持以“提质”促“提升”，迈出工业强县新步伐"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True  # the hooks create links; the task itself has nothing new to save

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    text = "坚持工业强县战略不动摇，力争工业营业收入达到720亿元。"

    @factory.post_generation
    def lead_units(self, create, units, **kwargs):
        for position, unit in enumerate(units or []):
            TaskUnit.objects.create(task=self, unit=unit, role=UnitRole.LEAD, position=position)

    @factory.post_generation
    def cooperating_units(self, create, units, **kwargs):
        for position, unit in enumerate(units or []):
            TaskUnit.objects.create(task=self, unit=unit, role=UnitRole.COOPERATING, position=position)

    @factory.post_generation
    def county_leaders(self, create, people, **kwargs):
        for position, person in enumerate(people or []):
            TaskLeader.objects.create(task=self, person=person, role=LeaderRole.COUNTY, position=position)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    phrase = "达到720亿元"
    amount = 7200000
    unit = "万元"


def month(year: int, month_number: int) -> date:
    return date(year, month_number, 1)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Project"

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"测试项目{n}")
    enterprise_name = factory.LazyAttribute(lambda o: f"{o.name}有限公司")
    total_investment = 100000  # 10亿元


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.Zone"
        django_get_or_create = ("park", "name")

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"片区{n}")


class YearPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ProjectYearPlan"

    project = factory.SubFactory(ProjectFactory)
    year = 2025
    planned_investment = 60000  # 6亿元


class StageEventFactory(factory.django.DjangoModelFactory):
    """A stage event written directly, as history already recorded: tests of the service use stage_change."""

    class Meta:
        model = "projects.StageEvent"

    project = factory.SubFactory(ProjectFactory)
    stage = "started"
    on = date(2025, 3, 3)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Milestone"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"节点{n}")
    position = factory.Sequence(lambda n: n + 1)


class MonthlyProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.MonthlyProgress"

    project = factory.SubFactory(ProjectFactory)
    period = date(2025, 1, 1)
    invested = 5000  # 0.5亿元
    image_progress = "主体结构施工"


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Problem"

    project = factory.SubFactory(ProjectFactory)
    category = "land"
    description = "项目用地指标尚未落实，影响施工许可办理"
    raised_on = date(2025, 3, 3)


class DispatchMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.DispatchMeeting"

    park = factory.SubFactory(ParkFactory)
    held_on = date(2025, 6, 2)
    title = factory.LazyAttribute(lambda o: f"重点项目第{o.held_on:%W}周调度会")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Decision"

    meeting = factory.SubFactory(DispatchMeetingFactory)
    project = factory.SubFactory(ProjectFactory)
    text = "协调供电公司6月10日前完成10KV线路送电"
    unit = factory.SubFactory(UnitFactory)
    deadline = date(2025, 6, 10)


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码, different for each n: 9136 (enterprise, Jiangxi), a county code, n."""
    from parkops.economy.creditcode import check_character

    first17 = f"91361126{n:09d}"
    return first17 + check_character(first17)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "economy.Enterprise"

    park = factory.SubFactory(ParkFactory)
    credit_code = factory.Sequence(credit_code)
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")


class IndustryChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "economy.IndustryChain"
        django_get_or_create = ("park", "name")

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"产业链{n}")


class InvestmentProjectFactory(factory.django.DjangoModelFactory):
    """A 招商项目 as a 线索; the services (investment.services.stage_advance) move it on."""

    class Meta:
        model = "investment.InvestmentProject"

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"招商项目{n}")
    investor = factory.Sequence(lambda n: f"投资方{n}有限公司")
    total_investment = 50000


class CaseFactory(factory.django.DjangoModelFactory):
    """A 信访件 as registered: its due day by the clock of its type (stability.rules)."""

    class Meta:
        model = "stability.Case"

    park = factory.SubFactory(ParkFactory)
    source = "hotline"
    kind = "complaint"
    received_on = date(2025, 9, 30)
    content = factory.Sequence(lambda n: f"反映企业夜间施工噪音扰民（第{n}件）")
    petitioner_name = "张三丰"
    petitioner_phone = "13812345678"
    due_on = factory.LazyAttribute(lambda case: stability_rules.due_on(kind=case.kind, received_on=case.received_on))


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    """A 入园联审会议 (of 工业用地 projects unless `kind` says 租赁厂房: investment.choices.ReviewKind)."""

    class Meta:
        model = "investment.ReviewMeeting"

    park = factory.SubFactory(ParkFactory)
    kind = "land"
    held_on = date(2025, 6, 1)
    year = factory.LazyAttribute(lambda meeting: meeting.held_on.year)
    number = factory.Sequence(lambda n: n + 1)
    host = "管委会主任 王晓君"
    host_unit = factory.SubFactory(UnitFactory, park=factory.SelfAttribute("..park"))


class ReviewItemFactory(factory.django.DjangoModelFactory):
    """A project on a meeting's agenda, decided as `decision` (investment.choices.Decision; "" undecided)."""

    class Meta:
        model = "investment.ReviewItem"

    meeting = factory.SubFactory(ReviewMeetingFactory)
    project = factory.SubFactory(InvestmentProjectFactory, park=factory.SelfAttribute("..meeting.park"))
    decision = "passed"
