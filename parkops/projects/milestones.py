"""节点: the milestones a project goes through, from its kind's template, and which of them are late.

Every kind of project has its own road (an industrial project needs 环评 and 能评 before it may start;
a road needs 可研 and 初步设计 批复), so the nodes come from a template per kind that an administrator can
edit (MilestoneTemplate). The defaults below are what a county's 重点项目 调度表 usually lists; the data
migration loads them, and ensure_milestone_templates() puts back any that are missing.

A project's own nodes are copied from the template once and then belong to the project: editing the
template later never moves a date a liaison has entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from parkops.projects.choices import ProjectKind, Stage
from parkops.projects.models import Milestone, MilestoneTemplate, Project

UPCOMING_DAYS = 14  # a node due within two weeks is shown as coming up

DEFAULT_MILESTONES: dict[str, tuple[str, ...]] = {
    ProjectKind.INDUSTRIAL: (
        "立项备案", "环评", "能评", "用地规划许可", "工程规划许可", "施工许可",
        "开工", "主体封顶", "设备进场", "竣工验收", "投产",
    ),
    # Government-funded works are approved (批复), not filed (备案), and are handed over, not put into production.
    ProjectKind.INFRASTRUCTURE: (
        "立项批复", "可研批复", "初步设计批复", "用地预审", "环评", "施工图审查", "招标",
        "施工许可", "开工", "主体完工", "竣工验收", "交付使用",
    ),
    # A standard factory is done when enterprises move in, not when the building is.
    ProjectKind.STANDARD_FACTORY: (
        "立项备案", "用地规划许可", "工程规划许可", "施工图审查", "施工许可",
        "开工", "主体封顶", "竣工验收", "招商入驻",
    ),
    ProjectKind.LIVELIHOOD: (
        "立项批复", "可研批复", "用地规划许可", "施工图审查", "招标", "施工许可",
        "开工", "主体完工", "竣工验收", "交付使用",
    ),
}

# Nodes whose planned date is the project's own planned start or completion, filled in when created.
_PLANNED_FROM_PROJECT = {"开工": "planned_start", "竣工验收": "planned_completion"}

# Nodes a stage of the project's life stands for: a project that has reached the stage (or any later
# one: 在建 is past 开工) has passed the node on the day it did, whether or not anyone typed the date in.
STAGE_NODES: dict[str, str] = {Stage.STARTED: "开工", Stage.COMPLETED: "竣工验收", Stage.IN_PRODUCTION: "投产"}
_NODE_STAGES = {node: stage for stage, node in STAGE_NODES.items()}


def ensure_milestone_templates() -> int:
    """Add the default nodes a kind's template lacks; nodes an administrator renamed or added stay.
    Returns how many were added."""
    added = 0
    for kind, names in DEFAULT_MILESTONES.items():
        existing = set(MilestoneTemplate.objects.filter(kind=kind).values_list("name", flat=True))
        for position, name in enumerate(names, start=1):
            if name not in existing:
                MilestoneTemplate.objects.create(kind=kind, name=name, position=position)
                added += 1
    return added


@transaction.atomic
def milestones_for(project: Project) -> list[Milestone]:
    """The project's nodes in order, creating those of its kind's template it does not have yet.
    Dates already entered are kept; calling it again changes nothing."""
    have = {m.name for m in Milestone.objects.filter(project=project)}
    for template in MilestoneTemplate.objects.filter(kind=project.kind).order_by("position"):
        if template.name in have:
            continue
        planned_field = _PLANNED_FROM_PROJECT.get(template.name)
        Milestone.objects.create(
            project=project, name=template.name, position=template.position,
            planned_on=getattr(project, planned_field) if planned_field else None,
        )
    return list(Milestone.objects.filter(project=project).order_by("position"))


def stage_reached_on(project: Project, stage: str, *, today: date | None = None) -> date | None:
    """The day the project first reached `stage` or a later one (by `today`, when given), from its
    (prefetched) stage events."""
    rank = Stage.rank(stage)
    return min((e.on for e in project.stage_events.all()
                if Stage.rank(e.stage) >= rank and (today is None or e.on <= today)), default=None)


def done_on(milestone: Milestone, today: date | None = None) -> date | None:
    """The day a node was done (by `today`, when given: a report as of June does not know of August):
    its own actual date, or else the day the project reached the stage the node stands for
    (STAGE_NODES). The one answer to "is this node done?" for the project page, the lists, the leader's
    phone view, the lights, the reports and the reminders."""
    if milestone.actual_on and (today is None or milestone.actual_on <= today):
        return milestone.actual_on
    stage = _NODE_STAGES.get(milestone.name)
    return stage_reached_on(milestone.project, stage, today=today) if stage else None


def days_late(milestone: Milestone, today: date) -> int:
    """Days past its planned date a node is still not done; 0 when done or not yet due."""
    if milestone.planned_on is None or milestone.planned_on >= today or done_on(milestone, today):
        return 0
    return (today - milestone.planned_on).days


def late_milestones(project: Project, *, today: date) -> list[Milestone]:
    """Nodes past their planned date and not done, most overdue first (prefetched milestones)."""
    late = [m for m in project.milestones.all() if days_late(m, today)]
    return sorted(late, key=lambda m: (m.planned_on, m.position))


def upcoming_milestones(project: Project, *, today: date, within_days: int = UPCOMING_DAYS) -> list[Milestone]:
    """Nodes not yet done that fall due today or within the coming days, soonest first."""
    horizon = today + timedelta(days=within_days)
    upcoming = [m for m in project.milestones.all()
                if m.planned_on is not None and today <= m.planned_on <= horizon and not done_on(m, today)]
    return sorted(upcoming, key=lambda m: (m.planned_on, m.position))


@dataclass(frozen=True)
class NodeState:
    kind: str  # "done", "late", "upcoming" or "" (later, or no date)
    text: str
    done_on: date | None = None


def node_state(milestone: Milestone, today: date) -> NodeState:
    """What the project page says of a node today."""
    done = done_on(milestone, today)
    if done:
        return NodeState("done", f"已于{done:%Y-%m-%d}完成", done)
    late = days_late(milestone, today)
    if late:
        return NodeState("late", f"逾期{late}天")
    if milestone.planned_on is not None and milestone.planned_on <= today + timedelta(days=UPCOMING_DAYS):
        days = (milestone.planned_on - today).days
        return NodeState("upcoming", "今天到期" if days == 0 else f"{days}天后到期")
    return NodeState("", "")
