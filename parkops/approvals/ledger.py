"""The 赋权清单's columns and how its cells read, for the import and the export alike (an exported list
imports back unchanged). Only 事项名称 is required; the layouts parks keep name the rest in many ways."""

from __future__ import annotations

import re

from parkops.approvals.choices import Mode
from parkops.core.imports import Column
from parkops.core.text import BLANK_MARKS, NONE_WORDS, normalise_name

POWER_COLUMNS = (
    Column("number", "序号", ("编号",), required=False),
    Column("name", "事项名称", ("权力事项名称", "赋权事项", "赋权事项名称", "审批事项", "审批事项名称", "下放事项",
                              "下放事项名称", "事项")),
    Column("legal_basis", "实施依据", ("设定依据", "法律依据", "法定依据", "依据"), required=False),
    Column("source_unit", "原实施部门", ("原实施单位", "原审批部门", "下放部门", "赋权部门", "实施部门", "职能部门"),
           required=False),
    Column("mode", "办理方式", ("行使方式", "承接方式", "办理模式", "实施方式"), required=False),
    Column("statutory_days", "法定时限", ("法定办结时限", "法定期限", "法定办理时限"), required=False),
    Column("promised_days", "承诺时限", ("承诺办结时限", "承诺期限", "承诺办理时限", "办理时限"), required=False),
    Column("materials", "申请材料", ("材料清单", "申报材料", "所需材料", "申请材料目录"), required=False),
    Column("note", "备注", ("说明",), required=False),
)
LABELS = {column.key: column.label for column in POWER_COLUMNS}
HEADER = [column.label for column in POWER_COLUMNS]

# Words a list writes for each mode, looked for in the cell (the first found wins: "见章签章" before "出具").
MODE_WORDS = (
    (Mode.SEAL, ("见章签章", "签章")),
    (Mode.DIRECT, ("直接出具", "园区出具", "直接办理", "直接")),
    (Mode.INDEPENDENT, ("独立办", "独立")),
    (Mode.JOINT, ("协同办", "协同", "联办")),
)
_DAYS = re.compile(r"^(\d{1,3})\s*(?:个)?\s*(?:工作日|日|天)?$")
_AT_ONCE = ("即办", "当场办结", "当场", "立即办结")
_MATERIAL_SPLIT = re.compile(r"[\n；;]+")


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS | NONE_WORDS


def read_mode(text: str) -> str | None:
    text = normalise_name(text)
    if is_blank(text):
        return None
    for mode, words in MODE_WORDS:
        if any(word in text for word in words):
            return mode
    raise ValueError(text)


def read_days(text: str) -> int | None:
    """"20个工作日", "20", "20日"; 即办 is 1 working day; blank → None; anything else ValueError."""
    text = normalise_name(text).replace(" ", "")
    if is_blank(text):
        return None
    if text in _AT_ONCE:
        return 1
    if text.endswith(".0"):  # a number cell
        text = text[:-2]
    match = _DAYS.match(text)
    if match is None or not 1 <= int(match.group(1)) <= 365:
        raise ValueError(text)
    return int(match.group(1))


def read_number(text: str) -> int | None:
    text = normalise_name(text).removesuffix(".0")
    return int(text) if text.isdigit() and len(text) <= 6 else None


def read_materials(text: str) -> str:
    return "\n".join(part.strip() for part in _MATERIAL_SPLIT.split(text or "") if part.strip())


def power_row(power) -> list:
    """A power as a row of the list, in HEADER's order."""
    return [power.number or "", power.name, power.legal_basis, str(power.source_unit or ""), power.get_mode_display(),
            power.statutory_days or "", power.promised_days or "", power.materials, power.note]
