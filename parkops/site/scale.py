"""Province-scale synthetic data (issue 15): parks, units, people, industry chains, enterprises with
valid credit codes, their 规上 stretches and monthly statistics, supervision plans with tasks and
progress, key projects with problems — written through the real models, in bulk.

Deterministic: the same seed, sizes and last month give the same rows (a `random.Random(seed)` drives
every choice; nothing reads the clock but the default last month). The rows are inserted with
bulk_create in large batches, and IndicatorValue, by far the largest table, with COPY on PostgreSQL.
Bulk inserts write no history rows and no audit lines: this is a measuring set, not a park's record.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection, transaction

from parkops.core.text import normalise_name
from parkops.economy.catalogue import CATALOGUE, ensure_catalogue
from parkops.economy.creditcode import check_character
from parkops.economy.models import Enterprise, Indicator, IndicatorValue, IndustryChain, ScaleMembership
from parkops.org.models import Park, Person, Unit, Zone
from parkops.projects.choices import ProblemCategory, ProblemStatus, ProjectKind, ProjectLevel, Stage
from parkops.projects.models import Problem, Project
from parkops.supervision.choices import LeaderRole, ReportStatus, UnitRole
from parkops.supervision.models import Plan, ProgressReport, Task, TaskLeader, TaskUnit

BATCH = 5000
CHAINS = ("装备制造", "电子信息", "新材料", "生物医药", "食品加工", "有色金属")
UNIT_NAMES = ("发改委", "工信局", "财政局", "自然资源局", "生态环境局", "住建局", "商务局", "市场监管局", "税务局",
              "统计局", "应急管理局", "人社局", "科技局", "交通运输局", "水利局", "城投集团", "供电公司", "招商局",
              "经发局", "规划建设局")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"
TASK_VERBS = ("推进", "完成", "启动", "实施", "建成", "落实")
TASK_OBJECTS = ("标准厂房建设", "招商引资签约", "污水处理厂扩建", "道路提升改造", "企业技术改造", "人才公寓建设",
                "营商环境优化", "园区数字化平台", "安全生产专项整治", "闲置土地处置")
# A plausible size per indicator (万元 or its own unit, for a year): each enterprise draws a multiple.
YEAR_SCALE = {"revenue": 20000, "main_revenue": 19000, "output": 22000, "value_added": 5000, "profit": 1200,
              "tax": 800, "rnd": 400, "electricity": 300, "energy": 2000, "employees": 200}


def park_name(seed: int, number: int) -> str:
    return f"规模测试园区{number:03d}（种子{seed}）"


def credit_code_for(seed: int, number: int) -> str:
    """A valid code (GB 32100 check character) unique per seed and enterprise: 91 (enterprise), region 99
    (no real region), the seed's last two digits, the enterprise's number."""
    first17 = f"9199{seed % 100:02d}{number:011d}"
    return first17 + check_character(first17)


def last_month(today: date) -> date:
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def months(until: date, years: int) -> list[date]:
    """Every month from January `years - 1` years before `until`'s year to `until`."""
    return [date(y, m, 1) for y in range(until.year - years + 1, until.year + 1) for m in range(1, 13)
            if date(y, m, 1) <= until]


@dataclass
class Timings:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds


class ScaleExists(Exception):
    pass


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _bulk(model, rows: list, timings: Timings) -> list:
    started = time.perf_counter()
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    timings.add(model._meta.db_table, len(rows), time.perf_counter() - started)
    return created


def generate(*, parks: int, enterprises: int, years: int, seed: int = 1, tasks: int | None = None,
             projects: int | None = None, until: date | None = None, into: Park | None = None,
             log: Callable[[str], None] = lambda line: None) -> Timings:
    """Write the set; ScaleExists (in Chinese) when a park of the set's names is already there.
    `into` puts the first park's share into an existing park (the demo park, for `bench --scale small`)."""
    until = until or last_month(date.today())
    names = [park_name(seed, n) for n in range(1, parks + 1)]
    if into is not None:
        names[0] = into.name
        marker = f"规模测试督办计划（种子{seed}）"
        if Plan.all_objects.filter(park=into, name__startswith=marker).exists():
            raise ScaleExists(f"园区“{into.name}”中已有种子{seed}生成的数据，不重复生成。")
    existing = sorted(Park.objects.filter(name__in=names[1 if into else 0:]).values_list("name", flat=True))
    if existing:
        raise ScaleExists(f"数据库中已有同名园区：{'、'.join(existing)}。生成数据不重复写入，请换一个种子（--seed）或使用空数据库。")
    tasks = enterprises // 6 if tasks is None else tasks
    projects = max(enterprises // 15, parks) if projects is None else projects
    rng = random.Random(seed)
    timings = Timings()
    ensure_catalogue()
    periods = months(until, years)
    numbering = iter(range(1, 10**9))
    with transaction.atomic():
        for number, (name, share, task_share, project_share) in enumerate(
                zip(names, _split(enterprises, parks), _split(tasks, parks), _split(projects, parks), strict=True),
                start=1):
            park = into if (into is not None and number == 1) else None
            if park is None:
                started = time.perf_counter()
                park = Park.objects.create(name=name, short_name=f"测试{number:03d}区")
                timings.add(Park._meta.db_table, 1, time.perf_counter() - started)
            _one_park(park, rng=rng, seed=seed, enterprises=share, tasks=task_share, projects=project_share,
                      periods=periods, numbering=numbering, timings=timings)
            log(f"{park.name}：企业{share}家，任务{task_share}项，项目{project_share}个")
    for table in sorted(timings.rows, key=lambda t: -timings.seconds[t]):
        log(f"  {table}: {timings.rows[table]}行，{timings.seconds[table]:.1f}秒")
    return timings


def _one_park(park: Park, *, rng: random.Random, seed: int, enterprises: int, tasks: int, projects: int,
              periods: list[date], numbering: Iterator[int], timings: Timings) -> None:
    tag = f"（种子{seed}）"
    zones = _bulk(Zone, [Zone(park=park, name=f"测试片区{i}{tag}") for i in range(1, 4)], timings)
    units = _bulk(Unit, [Unit(park=park, name=f"{u}{tag}", normalised_name=normalise_name(f"{u}{tag}"))
                         for u in UNIT_NAMES], timings)
    people_names = sorted({rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(40)})[:20]
    people = _bulk(Person, [Person(park=park, name=f"{n}{seed}", normalised_name=normalise_name(f"{n}{seed}"),
                                   title="副主任", unit=units[i % len(units)]) for i, n in enumerate(people_names)],
                   timings)
    chains = _bulk(IndustryChain, [IndustryChain(park=park, name=f"{c}{tag}", is_leading=i < 3, position=i)
                                   for i, c in enumerate(CHAINS)], timings)

    firms = []
    for _ in range(enterprises):
        n = next(numbering)
        name = f"测试{CHAINS[n % len(CHAINS)]}企业{n:06d}有限公司"
        firms.append(Enterprise(
            park=park, credit_code=credit_code_for(seed, n), name=name, normalised_name=normalise_name(name),
            zone=rng.choice(zones), chain=rng.choice(chains), land_mu=Decimal(rng.randint(5, 300)),
            employees=rng.randint(10, 2000), industry_code="3985", industry_name="电子专用材料制造",
        ))
    firms = _bulk(Enterprise, firms, timings)
    # Six in ten are 规上 from the first month; one in twenty of those left in the last year.
    scale = [f for f in firms if rng.random() < 0.6]
    memberships = []
    for firm in scale:
        left = periods[-rng.randint(1, 6)] if rng.random() < 0.05 and len(periods) > 6 else None
        memberships.append(ScaleMembership(enterprise=firm, entered_period=periods[0], left_period=left))
    _bulk(ScaleMembership, memberships, timings)
    _indicator_values(scale, rng=rng, periods=periods, timings=timings)

    today = periods[-1]
    plans = _bulk(Plan, [Plan(park=park, name=f"规模测试督办计划（种子{seed}）{today.year}年", year=today.year,
                              deadline=date(today.year, 12, 31))], timings)
    _tasks(plans[0], count=tasks, rng=rng, units=units, people=people, periods=periods, timings=timings)

    stages = list(Stage.values)
    project_rows = []
    for i in range(1, projects + 1):
        project_rows.append(Project(
            park=park, name=f"测试重点项目{i:05d}{tag}", enterprise_name=f"测试建设企业{i:05d}有限公司",
            kind=rng.choice(ProjectKind.values), level=rng.choice(ProjectLevel.values), zone=rng.choice(zones),
            total_investment=Decimal(rng.randint(1000, 500000)), stage=rng.choice(stages),
            planned_start=date(today.year, rng.randint(1, 12), 1), leader=rng.choice(people),
            responsible_unit=rng.choice(units), industry_chain=rng.choice(CHAINS)))
    project_rows = _bulk(Project, project_rows, timings)
    problems = []
    for project in project_rows[::3]:
        problems.append(Problem(project=project, category=rng.choice(ProblemCategory.values),
                                description="用地指标尚未落实，需协调自然资源部门。", raised_on=today,
                                responsible_unit=rng.choice(units), deadline=date(today.year, today.month, 28),
                                status=rng.choice([ProblemStatus.OPEN, ProblemStatus.OPEN, ProblemStatus.SOLVED])))
    _bulk(Problem, problems, timings)


def _tasks(plan: Plan, *, count: int, rng: random.Random, units: list[Unit], people: list[Person],
           periods: list[date], timings: Timings) -> None:
    """`count` tasks of the plan, each with a lead and a cooperating unit, a county leader, and the lead
    unit's accepted reports of the last three months."""
    today = periods[-1]
    task_rows = []
    for i in range(1, count + 1):
        verb, what = rng.choice(TASK_VERBS), rng.choice(TASK_OBJECTS)
        task_rows.append(Task(plan=plan, number=str(i), position=i, text=f"{verb}{what}（第{i}项）",
                              deadline=date(today.year, rng.randint(1, 12), 28), deadline_text="年底前"))
    task_rows = _bulk(Task, task_rows, timings)
    unit_links, leader_links, reports = [], [], []
    reported = datetime(today.year, today.month, 5, 9, tzinfo=UTC)
    for task in task_rows:
        lead, helper = rng.sample(units, 2)
        unit_links += [TaskUnit(task=task, unit=lead, role=UnitRole.LEAD),
                       TaskUnit(task=task, unit=helper, role=UnitRole.COOPERATING, position=1)]
        leader_links.append(TaskLeader(task=task, person=rng.choice(people), role=LeaderRole.COUNTY))
        for back in range(min(3, len(periods))):
            reports.append(ProgressReport(task=task, unit=lead, period=periods[-1 - back],
                                          text=f"已完成年度目标的{rng.randint(10, 100)}%，正按计划推进。",
                                          status=ReportStatus.ACCEPTED, submitted_at=reported, reviewed_at=reported))
    _bulk(TaskUnit, unit_links, timings)
    _bulk(TaskLeader, leader_links, timings)
    _bulk(ProgressReport, reports, timings)


def _indicator_values(firms: list[Enterprise], *, rng: random.Random, periods: list[date], timings: Timings) -> None:
    indicators = {i.code: i.pk for i in Indicator.objects.filter(code__in=[e.code for e in CATALOGUE])
                  .order_by("position", "code")}
    cumulative_codes = {e.code: e.is_cumulative for e in CATALOGUE}
    stamp = datetime(periods[-1].year, periods[-1].month, 15, tzinfo=UTC)

    def rows() -> Iterator[tuple]:
        for firm in firms:
            size = Decimal(rng.randint(5, 400)) / 100
            for code, indicator_id in indicators.items():
                yearly = YEAR_SCALE[code] * size
                running = Decimal(0)
                for period in periods:
                    if period.month == 1:
                        running = Decimal(0)
                    month = (yearly / 12 * Decimal(rng.randint(80, 120)) / 100).quantize(Decimal("0.0001"))
                    if cumulative_codes[code]:
                        running += month
                        yield firm.pk, indicator_id, period, running, month
                    else:
                        yield firm.pk, indicator_id, period, month, None

    started = time.perf_counter()
    count = 0
    if connection.vendor == "postgresql":
        count = _copy_values(rows(), stamp)
    else:
        batch = []
        for enterprise_id, indicator_id, period, cumulative, month in rows():
            batch.append(IndicatorValue(enterprise_id=enterprise_id, indicator_id=indicator_id, period=period,
                                        cumulative=cumulative, month_value=month, source="规模测试"))
            if len(batch) >= BATCH * 4:
                IndicatorValue.objects.bulk_create(batch, batch_size=BATCH)
                count += len(batch)
                batch = []
        IndicatorValue.objects.bulk_create(batch, batch_size=BATCH)
        count += len(batch)
    timings.add(IndicatorValue._meta.db_table, count, time.perf_counter() - started)


def _copy_values(rows: Iterator[tuple], stamp: datetime) -> int:
    """COPY … FROM STDIN through psycopg's cursor.copy: a province's ten years are tens of millions of rows."""
    table = IndicatorValue._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, which has copy()
        columns = "enterprise_id, indicator_id, period, cumulative, month_value, source, updated_at"
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for enterprise_id, indicator_id, period, cumulative, month in rows:
                copy.write_row((enterprise_id, indicator_id, period, cumulative, month, "规模测试", stamp))
                count += 1
        cursor.execute(f"ANALYZE {table}")
    return count


def dump() -> dict[str, list[tuple]]:
    """Every generated table's rows, ids renumbered from 1 in id order (and foreign keys with them), so two
    databases can be compared whatever their sequences started at."""
    models = [Park, Zone, Unit, Person, IndustryChain, Enterprise, ScaleMembership, IndicatorValue, Plan, Task,
              TaskUnit, TaskLeader, ProgressReport, Project, Problem]
    ranks: dict = {}
    for model in models:
        ranks[model] = {pk: i for i, pk in enumerate(model._base_manager.order_by("pk").values_list("pk", flat=True))}
    out: dict[str, list[tuple]] = {}
    for model in models:
        names = [f.attname for f in model._meta.concrete_fields
                 if f.attname not in ("created_at", "updated_at")]
        fks = {f.attname: f.related_model for f in model._meta.concrete_fields if f.is_relation}
        rows = []
        for row in model._base_manager.order_by("pk").values_list(*names):
            values = []
            for name, value in zip(names, row, strict=True):
                if name == "id":
                    value = ranks[model][value]
                elif name in fks and value is not None and fks[name] in ranks:
                    value = ranks[fks[name]][value]
                values.append(value)
            rows.append(tuple(values))
        out[model._meta.db_table] = rows
    return out


def plan_with_tasks(park: Park, *, name: str, tasks: int, seed: int = 1, until: date | None = None) -> Plan:
    """A plan of `tasks` generated tasks among the park's units and people (the bench's 一览表 of 500)."""
    until = until or last_month(date.today())
    rng = random.Random(seed)
    units, people = list(Unit.objects.filter(park=park)[:20]), list(Person.objects.filter(park=park)[:20])
    plan = Plan.objects.create(park=park, name=name, year=until.year, deadline=date(until.year, 12, 31))
    _tasks(plan, count=tasks, rng=rng, units=units, people=people, periods=months(until, 1), timings=Timings())
    return plan
