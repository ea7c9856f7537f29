"""The columns a ledger may have, and a plan's layout: which of them it has, in its order, under its headers.

The 一览表 (seed 000) is one layout among many: the 观摩台账, the 环保督察反馈问题整改台账 and the 专项行动台账
write 序号 / 工作任务 / 完成时限 / 责任单位 / 责任人 / 进展情况, or 督察组反馈问题 / 整改措施 / 整改时限. Only
the task's text is required; a column the system does not know is kept on each task under its header
(Task.extra) and printed back in its place. A plan whose layout is the 一览表's keeps an empty layout and
prints as the 一览表 always has.
"""

from __future__ import annotations

from dataclasses import dataclass

from parkops.core.imports import Column, normalise_header

EXTRA = "extra"  # a column kept as it is, under its header
EXTRA_LABEL = "保留为附加列"

LEDGER_COLUMNS = (
    Column("number", "序号", ("编号",), required=False),
    Column("text", "重点工作", ("工作任务", "任务内容", "整改任务", "问题", "问题清单", "督察组反馈问题", "反馈问题",
                               "存在问题", "工作内容", "重点任务", "主要任务", "具体任务", "任务", "事项",
                               "工作事项", "整改事项")),
    Column("county_leaders", "县政府责任领导", ("县级责任领导", "责任领导", "县级领导"), required=False),
    Column("lead_units", "牵头单位", ("责任单位", "整改责任单位", "牵头责任单位", "主责单位", "责任部门",
                                     "牵头部门"), required=False),
    Column("cooperating_units", "配合单位", ("协办单位", "配合部门", "协同单位"), required=False),
    Column("park_leaders", "高新区责任领导", ("园区责任领导", "园区领导"), required=False),
    Column("responsible", "责任人", ("具体责任人", "经办人", "责任人员"), required=False),
    Column("progress", "完成情况", ("进展情况", "进展情况及存在问题", "工作进展", "整改进展", "整改情况",
                                   "推进情况", "落实情况", "整改落实情况", "进度情况"), required=False),
    Column("deadline", "完成时限", ("时间节点", "整改时限", "完成时间", "时限要求", "办结时限", "时限"), required=False),
    # The light our own exports print: computed from the reports, never read back.
    Column("light", "亮灯", ("灯色", "亮灯情况"), required=False),
)
COLUMNS_BY_KEY = {column.key: column for column in LEDGER_COLUMNS}
# What a supervisor may map a column to by hand, in the order the page offers them.
FIELD_LABELS = {
    "number": "序号", "text": "任务内容", "lead_units": "责任单位（牵头）", "cooperating_units": "配合单位",
    "responsible": "责任人", "county_leaders": "县政府责任领导", "park_leaders": "高新区责任领导",
    "progress": "完成情况", "deadline": "完成时限", "light": "亮灯（系统计算，不导入）", EXTRA: EXTRA_LABEL,
}
# The 一览表's columns: a ledger with all of these and nothing beyond STANDARD_OPTIONAL is printed as the 一览表.
STANDARD_FIELDS = ("text", "county_leaders", "lead_units", "cooperating_units", "park_leaders", "progress")
STANDARD_OPTIONAL = ("number", "deadline", "light")


class MappingError(ValueError):
    """A hand mapping names a field that does not exist: said in Chinese."""


def field_for_name(name: str) -> str:
    """"责任人", "responsible", "附加列" → the field key; MappingError otherwise."""
    name = normalise_header(name)
    if name in FIELD_LABELS:
        return name
    for key, label in FIELD_LABELS.items():
        if name in {normalise_header(label), normalise_header(label.split("（")[0])}:
            return key
    if name in {"附加列", "保留", "其他"}:
        return EXTRA
    for column in LEDGER_COLUMNS:
        if column.matches(name):
            return column.key
    choices = "、".join(label for label in FIELD_LABELS.values())
    raise MappingError(f"不认识的字段“{name}”。可选：{choices}。")


def parse_mapping(items: list[str]) -> dict[str, str]:
    """`--map "列名=字段"`, repeated: header → field key."""
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, name = item.replace("＝", "=").partition("=")
        if not sep or not normalise_header(header) or not name.strip():
            raise MappingError(f"“{item}”的写法应为“列名=字段”，如“督办事项=任务内容”。")
        mapping[normalise_header(header)] = field_for_name(name)
    return mapping


def header_overrides(mapping: dict[str, str]) -> dict[str, str]:
    """The hand mapping as the import pipeline takes it: an EXTRA column is mapped to nothing."""
    return {header: ("" if key == EXTRA else key) for header, key in mapping.items()}


@dataclass(frozen=True)
class LayoutColumn:
    header: str  # as the ledger writes it, line breaks and padding taken out
    field: str  # a key of FIELD_LABELS
    by_hand: bool = False

    @property
    def field_label(self) -> str:
        return FIELD_LABELS[self.field]

    def as_dict(self) -> dict:
        return {"header": self.header, "field": self.field}


def clean_header(text: str) -> str:
    return normalise_header(text)


def read_layout(header: list[str], columns: dict[str, int], by_hand: dict[str, str]) -> list[LayoutColumn]:
    """Each non-empty header cell, in order, with the field it was read as (EXTRA when none)."""
    field_at = {index: key for key, index in columns.items()}
    layout: list[LayoutColumn] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = clean_header(cell)
        if not name or name in seen:  # a header cell merged across two columns reads twice
            continue
        seen.add(name)
        layout.append(LayoutColumn(name, field_at.get(index, EXTRA), by_hand=name in by_hand))
    return layout


def is_standard(layout: list[LayoutColumn]) -> bool:
    fields = {column.field for column in layout}
    return set(STANDARD_FIELDS) <= fields and fields <= set(STANDARD_FIELDS) | set(STANDARD_OPTIONAL)


def stored_layout(layout: list[LayoutColumn]) -> list[dict]:
    """What a plan keeps: nothing for the 一览表 (printed as it always was), else its columns (without
    the light, which the export adds when asked)."""
    if is_standard(layout):
        return []
    return [column.as_dict() for column in layout if column.field != "light"]


def remembered_mapping(plan_layout: list[dict]) -> dict[str, str]:
    """A plan's own headers, read as it read them last time: its ledger imports again as it did."""
    return {entry["header"]: entry["field"] for entry in plan_layout or [] if entry.get("field") in FIELD_LABELS}
