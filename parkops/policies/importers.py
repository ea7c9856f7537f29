"""Import of a 惠企政策清单: one row a clause, the rows of one policy (same 政策名称 and 年度) together.

A clause's 兑现条件 are written as people write them, one to a line or separated by "；": "规上工业企业",
"营业收入同比增长≥10%", "荣誉称号具有高新技术企业、专精特新", "亩均评价类别属于A、B". Each is read against
the closed vocabulary of rules (a data item, a comparison, a value) and validated like a typed one; a
condition that does not read is an error of its row, and nothing is written while one remains. A policy
already on the system keeps its clauses: a clause of the same wording is left alone, a new one is added.
Every write goes through services."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    Column,
    Importer,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    Preview,
)
from parkops.core.text import TOTAL_WORDS, normalise_name
from parkops.org.models import Park
from parkops.org.names import import_park
from parkops.policies import rules, services
from parkops.policies.choices import AmountKind, Field, Mode, Operator
from parkops.policies.models import Clause, Policy

COLUMNS = (
    Column("number", "序号", required=False),
    Column("name", "政策名称", ("政策", "政策文件", "文件名称")),
    Column("issuer", "发布单位", ("发文单位", "制定单位", "政策发布单位"), required=False),
    Column("document_number", "文号", ("发文字号", "文件编号"), required=False),
    Column("year", "年度", ("政策年度", "执行年度"), required=False),
    Column("mode", "兑现方式", ("兑现方式（免申即享/快申快享/申报制）", "申报方式"), required=False),
    Column("title", "条款", ("政策条款", "奖补事项", "支持内容", "条款内容")),
    Column("amount", "奖补金额（万元）", ("奖补金额", "奖励金额（万元）", "补助金额（万元）"), required=False),
    Column("rate", "奖补比例（%）", ("奖补比例", "补助比例"), required=False),
    Column("base", "计算基数", ("奖补基数",), required=False),
    Column("cap", "上限（万元）", ("最高奖补（万元）", "封顶（万元）", "上限"), required=False),
    Column("conditions", "兑现条件", ("申报条件", "享受条件", "条件")),
)
MODES = {"免申即享": Mode.EXEMPT, "免申": Mode.EXEMPT, "快申快享": Mode.FAST, "快申": Mode.FAST,
         "申报制": Mode.APPLY, "申报": Mode.APPLY}
# Other ways a list names a data item; the labels of choices.Field are read too.
ALIASES = {
    "规上企业": Field.SCALE, "规上工业企业": Field.SCALE, "规模以上工业企业": Field.SCALE,
    "本年新入规": Field.NEW_SCALE, "新入规": Field.NEW_SCALE, "当年新入规": Field.NEW_SCALE,
    "产业链": Field.CHAIN, "所属产业链": Field.CHAIN,
    "荣誉称号": Field.HONOUR, "荣誉": Field.HONOUR, "资质": Field.HONOUR,
    "亩均评价类别": Field.PERMU_CLASS, "亩均类别": Field.PERMU_CLASS, "亩均评价": Field.PERMU_CLASS,
    "营业收入": Field.REVENUE, "营收": Field.REVENUE,
    "营业收入同比增长": Field.REVENUE_GROWTH, "营业收入增速": Field.REVENUE_GROWTH, "营收增速": Field.REVENUE_GROWTH,
    "营业收入同比增速": Field.REVENUE_GROWTH,
    "税收": Field.TAX, "纳税": Field.TAX, "研发投入": Field.RND,
    "研发投入占营业收入比重": Field.RND_RATIO, "研发投入占比": Field.RND_RATIO, "研发投入强度": Field.RND_RATIO,
    "重点项目累计完成投资": Field.PROJECT_INVESTED, "重点项目完成投资": Field.PROJECT_INVESTED,
    "项目完成投资": Field.PROJECT_INVESTED,
}
for _choice in Field:
    ALIASES.setdefault(normalise_name(_choice.label), _choice)
    ALIASES.setdefault(normalise_name(_choice.label.split("（")[0]), _choice)
_NAMES = sorted(ALIASES, key=len, reverse=True)
OPERATOR_WORDS = (("≥", Operator.GTE), (">=", Operator.GTE), ("不低于", Operator.GTE), ("不少于", Operator.GTE),
                  ("达到", Operator.GTE), ("≤", Operator.LTE), ("<=", Operator.LTE), ("不高于", Operator.LTE),
                  ("不超过", Operator.LTE), (">", Operator.GT), ("高于", Operator.GT), ("超过", Operator.GT),
                  ("<", Operator.LT), ("低于", Operator.LT), ("属于", Operator.IN), ("为", Operator.EQ),
                  ("=", Operator.EQ), ("具有", Operator.HAS), ("包含", Operator.HAS), ("获得", Operator.HAS))
_UNIT_NOISE = re.compile(r"[（(][^）)]*[）)]")


def read_condition(text: str) -> tuple[str, str, str]:
    """One written condition as (field, operator, value), validated; a ValueError says why it does not read."""
    compact = normalise_name(text).replace("：", "").replace(":", "")
    negated = compact.startswith("非")
    if negated:
        compact = compact[1:]
    name = next((n for n in _NAMES if compact.startswith(n)), None)
    if name is None:
        raise ValueError(f"条件“{text}”中的数据项无法识别（可用：{'、'.join(f.label.split('（')[0] for f in Field)}）。")
    field_name = ALIASES[name]
    rest = _UNIT_NOISE.sub("", compact[len(name):])
    if rules.KIND[field_name] == rules.BOOL:
        if rest not in ("", "是", "为是"):
            raise ValueError(f"条件“{text}”无法识别：“{Field(field_name).label}”只写是或否。")
        return field_name, Operator.NO if negated else Operator.YES, ""
    if negated:
        raise ValueError(f"条件“{text}”无法识别。")
    operator = next(((word, op) for word, op in OPERATOR_WORDS if rest.startswith(word)), None)
    if operator is None:
        raise ValueError(f"条件“{text}”缺少比较（≥、>、≤、<、属于、具有）。")
    word, op = operator
    value = rest[len(word):]
    if rules.KIND[field_name] == rules.TITLE:
        op = Operator.HAS
    elif rules.KIND[field_name] in (rules.TEXT, rules.GRADE) and op == Operator.EQ and any(
            s in value for s in rules.SEPARATORS):
        op = Operator.IN
    try:
        return field_name, op, rules.validate_condition(field_name, op, value)
    except ValidationError as error:
        raise ValueError(f"条件“{text}”：{'；'.join(error.messages)}") from None


def read_conditions(text: str) -> list[tuple[str, str, str]]:
    pieces = [p.strip() for p in re.split(r"[；;\n]|(?<!\d)。", text or "") if p.strip()]
    if len(pieces) > 10:
        raise ValueError("一个条款的兑现条件不能超过10条。")
    return [read_condition(piece) for piece in pieces]


@dataclass
class ClauseLine:
    row: int
    name: str
    year: int
    issuer: str
    document_number: str
    mode: str
    title: str
    amount_kind: str
    amount: str | None
    rate: str | None
    base: str
    cap: str | None
    conditions: list[tuple[str, str, str]]
    action: str = CREATE

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def mode_label(self) -> str:
        return Mode(self.mode).label

    @property
    def conditions_text(self) -> str:
        return "；".join(rules.describe(*c) for c in self.conditions)

    def as_dict(self) -> dict:
        return {"row": self.row, "policy": self.name, "year": self.year, "issuer": self.issuer, "mode": self.mode_label,
                "clause": self.title, "amount": self.amount, "rate": self.rate, "base": self.base, "cap": self.cap,
                "conditions": [rules.describe(*c) for c in self.conditions], "action": self.action}


@dataclass
class PolicyPreview(Preview):
    park: Park | None = None
    lines: list[ClauseLine] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items() if self.count(action)}

    @property
    def policies(self) -> int:
        return len({(line.name, line.year) for line in self.lines})

    def as_dict(self) -> dict:
        return {"file": self.filename, "park": str(self.park) if self.park else None, "policies": self.policies,
                "clauses": [line.as_dict() for line in self.lines], "problems": [p.as_dict() for p in self.problems]}


def _number(text: str, label: str) -> str | None:
    if not text.strip() or text.strip() in ("/", "-", "—", "无"):
        return None
    try:
        number = rules.parse_number(text)
    except ValidationError:
        raise ValueError(f"{label}“{text}”不是数字。") from None
    if number < 0:
        raise ValueError(f"{label}不能为负数。")
    return str(number)


class PolicyListImporter(Importer):
    what = "惠企政策清单"
    columns = COLUMNS

    def __init__(self, *, park: Park | None = None, year: int | None = None):
        self.park = park
        self.year = year

    def build(self, table: MappedTable, *, filename: str) -> PolicyPreview:
        preview = PolicyPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        existing: set[tuple[str, int, str]] = set()
        if preview.park is not None:
            existing = {(normalise_name(n), y, normalise_name(t)) for n, y, t in Clause.objects.filter(
                policy__park=preview.park).values_list("policy__name", "policy__year", "title")}
        seen: dict[tuple[str, int, str], int] = {}
        last: dict[str, str] = {}  # a merged 政策名称 cell leaves the rows below it blank
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            try:
                line = self._line(table, row, last)
            except ValueError as error:
                preview.error(row.number, str(error))
                continue
            if line is None:
                continue
            key = (normalise_name(line.name), line.year, normalise_name(line.title))
            if key in seen:
                preview.error(row.number, f"条款“{line.title}”与第{seen[key]}行重复。")
                continue
            seen[key] = row.number
            line.action = UNCHANGED if key in existing else CREATE
            preview.lines.append(line)
        if not preview.lines and not preview.errors:
            preview.error(None, "清单中没有找到政策条款。")
        return preview

    def _line(self, table: MappedTable, row, last: dict[str, str]) -> ClauseLine | None:
        values = {column.key: table.value(row, column.key) for column in COLUMNS}
        title = " ".join(values["title"].split())
        if not title and not values["conditions"].strip():
            return None
        for key in ("name", "issuer", "document_number", "year", "mode"):
            if values[key].strip():
                last[key] = values[key]
            else:
                values[key] = last.get(key, "")
        name = " ".join(values["name"].split())
        if not name:
            raise ValueError("请填写政策名称。")
        if not title:
            raise ValueError(f"“{name}”有一行未填写条款。")
        if len(name) > 200 or len(title) > 300:
            raise ValueError("政策名称或条款过长。")
        year_text = values["year"].strip().rstrip("年度").rstrip("年")
        if year_text:
            if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
                raise ValueError(f"年度“{values['year']}”无法识别。")
            year = int(year_text)
        elif self.year:
            year = self.year
        else:
            raise ValueError("请填写年度。")
        mode_text = normalise_name(values["mode"])
        mode = MODES.get(mode_text, Mode.FAST if not mode_text else None)
        if mode is None:
            raise ValueError(f"兑现方式“{values['mode']}”只能是免申即享、快申快享或申报制。")
        amount, rate = _number(values["amount"], "奖补金额"), _number(values["rate"], "奖补比例")
        cap = _number(values["cap"], "上限")
        base = ""
        if rate is not None:
            base_text = normalise_name(values["base"])
            base = ALIASES.get(base_text, "") if base_text else ""
            if base not in rules.BASE_FIELDS:
                raise ValueError(f"计算基数“{values['base']}”只能是研发投入、重点项目完成投资、税收或营业收入。")
            if not 0 < float(rate) <= 100:
                raise ValueError("奖补比例须在0至100之间。")
        elif amount is None:
            raise ValueError(f"条款“{title}”须填写奖补金额或奖补比例。")
        conditions = read_conditions(values["conditions"])
        if not conditions:
            raise ValueError(f"条款“{title}”未填写兑现条件。")
        return ClauseLine(
            row=row.number, name=name, year=year, issuer=" ".join(values["issuer"].split())[:100] or "—",
            document_number=" ".join(values["document_number"].split())[:100], mode=mode, title=title,
            amount_kind=AmountKind.RATE if rate is not None else AmountKind.FIXED, amount=amount, rate=rate, base=base,
            cap=cap, conditions=conditions)

    def write(self, preview: PolicyPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增政策", "新增条款", "已有条款"), 0)
        policies: dict[tuple[str, int], Policy] = {
            (normalise_name(p.name), p.year): p for p in Policy.objects.filter(park=park)}
        for line in preview.lines:
            if line.action == UNCHANGED:
                counts["已有条款"] += 1
                continue
            try:
                key = (normalise_name(line.name), line.year)
                if key not in policies:
                    policies[key] = services.policy_create(
                        park=park, user=user, name=line.name, issuer=line.issuer, year=line.year, mode=line.mode,
                        document_number=line.document_number)
                    counts["新增政策"] += 1
                services.clause_add(policy=policies[key], user=user, title=line.title, amount_kind=line.amount_kind,
                                    amount=line.amount, rate_pct=line.rate, base_field=line.base, cap=line.cap,
                                    conditions=line.conditions)
                counts["新增条款"] += 1
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.title}”：{'；'.join(refused.messages)}（未导入任何数据）") \
                    from None
        return ImportOutcome(park, counts)
