"""Import of the enterprise registry (企业名录) from Excel: one row per enterprise, matched on its
统一社会信用代码.

The committee keeps the registry as a sheet that the statistics office, the 科技局 and the party
work office each add columns to, so headers vary ("法人代表", "所在片区", "占地面积（亩）", "职工人数")
and are found by their synonyms. A row whose code is already registered updates that enterprise, and
only the cells that say something different: a blank cell leaves what is recorded alone, and honours
are added, never removed (an honour not written in the sheet may simply not be the sheet's concern).
Importing the same file again changes nothing; so does importing the list page's own Excel export.

规上 status is read as the statistics office writes it: 是否规上 (是/否) and the month it entered
(入规时间). "是" for an enterprise not yet 规上 enters it from that month (or the month the person
importing chose, when the sheet has none); "否" for one that is 规上 records it leaving (退规时间,
else this month). Zones and industry chains named in the sheet and not yet known are listed as
"将新建" in the preview and created with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from parkops.core.formatting import round2
from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Importer,
    MappedTable,
    NewName,
    Preview,
    normalise_header,
)
from parkops.core.periods import month_start, period_key, period_label
from parkops.core.text import BLANK_MARKS as BLANK
from parkops.core.text import normalise_name
from parkops.economy import registry
from parkops.economy.creditcode import credit_code_problem, normalise_code
from parkops.economy.enterprise_cells import (
    HonourEntry,
    collapse,
    read_honours,
    read_month,
    read_party_organisation,
    read_quantity,
    read_yes_no,
)
from parkops.economy.enterprise_write import CORRECT, ENTER, LEAVE, RegistryPlan
from parkops.economy.models import Enterprise, IndustryChain, ScaleMembership
from parkops.org.models import Park
from parkops.org.names import KnownNames, NameCollector, import_park

COLUMNS = (
    Column("number", "序号", required=False),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一信用代码")),
    Column("name", "企业名称", ("单位名称", "企业全称", "公司名称")),
    Column("short_name", "简称", ("企业简称",), required=False),
    Column("legal_representative", "法定代表人", ("法人代表", "法人", "企业法人"), required=False),
    Column("contact_person", "联系人", ("企业联系人",), required=False),
    Column("contact_phone", "联系电话", ("手机", "电话", "手机号码", "联系方式"), required=False),
    Column("zone", "片区", ("所在片区", "所属片区", "园区片区"), required=False),
    Column("industry_code", "行业代码", ("国民经济行业代码", "行业分类代码"), required=False),
    Column("industry_name", "行业名称", ("所属行业", "国民经济行业", "行业类别", "国民经济行业名称"), required=False),
    Column("chain", "产业链", ("主导产业", "所属产业链", "所属产业", "产业类别"), required=False),
    Column("land_mu", "用地面积（亩）", ("用地面积", "占地面积", "占地面积（亩）", "用地（亩）", "用地"), required=False),
    Column("floor_area", "建筑面积", ("建筑面积（平方米）", "厂房面积", "建筑面积（㎡）"), required=False),
    Column("employees", "从业人员", ("职工人数", "从业人数", "员工人数", "从业人员数", "从业人员（人）"),
           required=False),
    Column("scale", "是否规上", ("规上企业", "是否规上企业", "规上", "是否规模以上"), required=False),
    Column("scale_since", "入规时间", ("入规月份", "入规年月", "纳统时间"), required=False),
    Column("scale_left", "退规时间", ("退规月份", "出规时间"), required=False),
    Column("honours", "荣誉", ("企业荣誉", "荣誉称号", "资质荣誉", "获得荣誉"), required=False),
    Column("party_organisation", "党组织", ("党组织情况", "党组织类型", "党组织建立情况", "党组织组建方式"),
           required=False),
    Column("party_members", "党员人数", ("党员数", "党员"), required=False),
)

# Text fields: the column key, the label the messages use, the model field's limit.
TEXT_FIELDS = {key: Enterprise._meta.get_field(key) for key in (
    "short_name", "legal_representative", "contact_person", "contact_phone", "industry_name")}
NUMBER_FIELDS = {"land_mu": "用地面积（亩）", "floor_area": "建筑面积"}
COUNT_FIELDS = {"employees": "从业人员", "party_members": "党员人数"}
FIELD_LABELS = {
    "name": "企业名称", "short_name": "简称", "legal_representative": "法定代表人", "contact_person": "联系人",
    "contact_phone": "联系电话", "industry_code": "行业代码", "industry_name": "行业名称",
    **NUMBER_FIELDS, **COUNT_FIELDS, "party_organisation": "党组织",
}
MAX_NAME = Enterprise._meta.get_field("name").max_length
MAX_QUANTITY = {key: Decimal(10) ** (Enterprise._meta.get_field(key).max_digits - 2) for key in NUMBER_FIELDS}
MAX_COUNT = 10**7
MAX_HONOUR = 50
MAX_PLACE_NAME = 50

# ---------------------------------------------------------------------------------------------------
# The preview


@dataclass
class EnterpriseLine:
    row: int
    credit_code: str
    name: str
    values: dict[str, object]  # model field → value, for the cells that say something
    zone: str | None = None
    chain: str | None = None
    scale: bool | None = None
    scale_since: date | None = None
    scale_left: date | None = None
    honours: list[HonourEntry] = field(default_factory=list)
    action: str = CREATE
    changes: list[str] = field(default_factory=list)
    new_honours: list[HonourEntry] = field(default_factory=list)
    scale_plan: tuple[str, date] | None = None  # what to record: (ENTER | LEAVE | CORRECT, month)
    recorded_name: str = ""  # the registry's name for an existing enterprise

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def scale_text(self) -> str:
        if self.scale_plan is None:
            return ""
        kind, period = self.scale_plan
        return {ENTER: "入规", LEAVE: "退规", CORRECT: "更正入规时间为"}[kind] + period_label(period)

    def as_dict(self) -> dict:
        def plain(value):
            return str(value) if isinstance(value, Decimal) else value

        return {
            "row": self.row, "credit_code": self.credit_code, "name": self.name, "action": self.action,
            "changes": self.changes, "values": {k: plain(v) for k, v in self.values.items()}, "zone": self.zone,
            "chain": self.chain, "scale": self.scale_text or None,
            "honours": [h.label for h in self.honours], "new_honours": [h.label for h in self.new_honours],
        }


@dataclass
class EnterprisePreview(Preview):
    park: Park | None = None
    default_scale_period: date | None = None
    lines: list[EnterpriseLine] = field(default_factory=list)
    zones_to_create: list[NewName] = field(default_factory=list)
    chains_to_create: list[NewName] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    def as_dict(self) -> dict:
        return {
            "file": self.filename,
            "park": str(self.park) if self.park else None,
            "default_scale_period": period_key(self.default_scale_period) if self.default_scale_period else None,
            "enterprises": [line.as_dict() for line in self.lines],
            "zones_to_create": [z.as_dict() for z in self.zones_to_create],
            "chains_to_create": [c.as_dict() for c in self.chains_to_create],
            "problems": [p.as_dict() for p in self.problems],
        }


class _Places:
    """Zones and chains named in the sheet: the park's own, and the new ones with the rows naming them."""

    def __init__(self, park: Park | None):
        self.zones = NameCollector(park).zones
        self.chains = KnownNames(lambda: {normalise_name(c.name): c for c in IndustryChain.objects.filter(park=park)}
                                 if park else {})

    def zone(self, name: str, row: int) -> str:
        return self.zones.find(name, row, kind="zone", label="片区", written=collapse(name))

    def chain(self, name: str, row: int) -> str:
        return self.chains.find(name, row, kind="chain", label="产业链", written=collapse(name))


class EnterpriseImporter(Importer):
    what = "企业名录"
    columns = COLUMNS
    allowed = {"xlsx"}

    def __init__(self, *, park: Park | None = None, default_scale_period: date | None = None):
        self.park = park
        self.default_scale_period = month_start(default_scale_period) if default_scale_period else None

    # -- preview --------------------------------------------------------------------------------

    def build(self, table: MappedTable, *, filename: str) -> EnterprisePreview:
        today = timezone.localdate()
        preview = EnterprisePreview(filename=filename,
                                    default_scale_period=self.default_scale_period or date(today.year, 1, 1))
        preview.park = import_park(self.park, preview)
        floor_factor = self._floor_area_factor(table)
        places = _Places(preview.park)
        lines: list[EnterpriseLine] = []
        seen: dict[str, int] = {}
        for row in table.rows:
            line = self._read_line(row, table, preview, places, floor_factor, seen)
            if line is not None:
                lines.append(line)

        existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=seen)
                    .select_related("zone", "chain").prefetch_related("honours", "scale_memberships")}
        by_name = {}
        if preview.park is not None:
            by_name = {e.normalised_name: e for e in Enterprise.objects.filter(park=preview.park)
                       .only("name", "normalised_name", "credit_code")}
        for line in lines:
            self._compare(line, existing.get(line.credit_code), preview, by_name, today)
            preview.lines.append(line)
        self._summarise_defaults(preview)

        if not lines and not preview.errors:
            preview.error(None, "表格中没有找到企业行。")
        preview.zones_to_create = places.zones.to_create
        preview.chains_to_create = places.chains.to_create
        return preview

    @staticmethod
    def _floor_area_factor(table: MappedTable) -> Decimal:
        """"建筑面积（万平方米）" says its unit; the registry keeps square metres."""
        if not table.has("floor_area"):
            return Decimal(1)
        header = normalise_header(table.header[table.columns["floor_area"]])
        return Decimal(10000) if "万平方米" in header or "万㎡" in header else Decimal(1)

    def _read_line(self, row, table: MappedTable, preview: EnterprisePreview, places: _Places,
                   floor_factor: Decimal, seen: dict[str, int]) -> EnterpriseLine | None:
        """The row's cells, each checked; None (with every problem of the row listed) when any is wrong.
        `seen` maps each code read so far to its row, so a code written twice is caught whatever else
        is wrong with either row."""
        number = row.number
        errors_before = len(preview.errors)
        code_text, name = table.value(row, "credit_code"), collapse(table.value(row, "name"))
        if not code_text:
            if table.unmapped_text(row, besides=("number",)):
                preview.error(number, f"“统一社会信用代码”为空{f'（{name}）' if name else ''}，企业按信用代码登记，"
                                      "请补填。")
            return None
        code = normalise_code(code_text)
        problem = credit_code_problem(code)
        if problem:
            if code.isdigit():
                # Excel keeps 15 significant digits of a number: an all-digit code typed into a number
                # cell comes back with its last digits changed.
                problem += "如该列在Excel中是数字格式，代码末几位会被改变，请将该列设为文本格式后重新填写。"
            preview.error(number, problem)
        elif code in seen:
            preview.error(number, f"统一社会信用代码{code}与第{seen[code]}行重复。")
        else:
            seen[code] = number
        if len(name) > MAX_NAME:
            preview.error(number, f"企业名称“{name[:20]}…”超过{MAX_NAME}字，是否填错了列？")

        values: dict[str, object] = {}
        for key, model_field in TEXT_FIELDS.items():
            text = collapse(table.value(row, key))
            if text in BLANK:
                continue
            if len(text) > model_field.max_length:
                preview.error(number, f"“{FIELD_LABELS[key]}”“{text[:20]}…”超过{model_field.max_length}字，"
                                      "是否填错了列？")
            values[key] = text
        industry_code = normalise_name(table.value(row, "industry_code")).upper()
        if industry_code not in BLANK:
            problem = registry.industry_code_problem(industry_code)
            if problem:
                preview.error(number, problem)
            values["industry_code"] = industry_code
        for key, label in NUMBER_FIELDS.items():
            text = table.value(row, key)
            try:
                quantity = read_quantity(text)
            except ValueError:
                preview.error(number, f"“{label}”应为数字，收到“{text[:20]}”。")
                continue
            if quantity is not None:
                # Kept to the field's two decimals before comparing, so a re-import finds it unchanged.
                quantity = round2(quantity * (floor_factor if key == "floor_area" else 1))
                if quantity >= MAX_QUANTITY[key]:
                    preview.error(number, f"“{label}”“{text[:20]}”过大，请核对单位。")
                    continue
                values[key] = quantity
        for key, label in COUNT_FIELDS.items():
            text = table.value(row, key)
            try:
                quantity = read_quantity(text)
            except ValueError:
                preview.error(number, f"“{label}”应为整数，收到“{text[:20]}”。")
                continue
            if quantity is not None:
                if quantity != quantity.to_integral_value() or quantity >= MAX_COUNT:
                    preview.error(number, f"“{label}”应为整数，收到“{text[:20]}”。")
                    continue
                values[key] = int(quantity)
        party_text = table.value(row, "party_organisation")
        try:
            party = read_party_organisation(party_text)
        except ValueError:
            preview.error(number, f"“党组织”应为“无”“单独组建（单建）”或“联合组建（联建）”，收到“{party_text[:20]}”。")
        else:
            if party is not None:
                values["party_organisation"] = party

        line = EnterpriseLine(row=number, credit_code=code, name=name, values=values)
        scale_text = table.value(row, "scale")
        try:
            line.scale = read_yes_no(scale_text)
        except ValueError:
            preview.error(number, f"“是否规上”应为“是”或“否”，收到“{scale_text[:20]}”。")
        for key, label in (("scale_since", "入规时间"), ("scale_left", "退规时间")):
            text = table.value(row, key)
            try:
                setattr(line, key, read_month(text))
            except ValueError:
                preview.error(number, f"“{label}”应为年月（如2023-01或2023年1月），收到“{text[:20]}”。")
        if line.scale is None and line.scale_since is not None:
            line.scale = True  # a month it entered says it is 规上
        line.honours = read_honours(table.value(row, "honours"))
        for honour in line.honours:
            if len(honour.name) > MAX_HONOUR:
                preview.error(number, f"荣誉“{honour.name[:20]}…”超过{MAX_HONOUR}字，多个荣誉请用顿号分隔。")

        for key, find in (("zone", places.zone), ("chain", places.chain)):
            text = collapse(table.value(row, key))
            if text in BLANK:
                continue
            if len(text) > MAX_PLACE_NAME:
                preview.error(number, f"“{'片区' if key == 'zone' else '产业链'}”“{text[:20]}…”过长，是否填错了列？")
                continue
            setattr(line, key, find(text, number))
        return line if len(preview.errors) == errors_before else None

    def _compare(self, line: EnterpriseLine, enterprise: Enterprise | None, preview: EnterprisePreview,
                 by_name: dict[str, Enterprise], today: date) -> None:
        """Mark the line create / update / unchanged, listing what would change."""
        if enterprise is None:
            line.action = CREATE
            if not line.name:
                preview.error(line.row, f"新企业（{line.credit_code}）没有填写企业名称。")
            namesake = by_name.get(normalise_name(line.name))
            if namesake is not None:
                preview.warn(line.row, f"已有同名企业“{namesake.name}”（统一社会信用代码{namesake.credit_code}），"
                                       "将按新的信用代码另行登记；如是同一企业，请核对信用代码。")
            line.new_honours = list(line.honours)
            self._plan_scale(line, [], preview, today)
            return
        line.recorded_name = enterprise.name
        if preview.park is not None and enterprise.park_id != preview.park.pk:
            preview.error(line.row, f"统一社会信用代码{line.credit_code}已登记在其他园区（{enterprise.name}）。")
            return
        changes = []
        if line.name and normalise_name(line.name) != enterprise.normalised_name:
            changes.append("企业名称")
        for key, value in line.values.items():
            recorded = getattr(enterprise, key)
            same = (recorded is not None and Decimal(recorded) == value) if isinstance(value, Decimal) \
                else recorded == value
            if not same:
                changes.append(FIELD_LABELS[key])
        if line.zone and (enterprise.zone is None or enterprise.zone.name != line.zone):
            changes.append("片区")
        if line.chain and (enterprise.chain is None or enterprise.chain.name != line.chain):
            changes.append("产业链")
        line.new_honours = [h for h in line.honours if not h.held_by(enterprise.honours.all())]
        if line.new_honours:
            changes.append("荣誉")
        self._plan_scale(line, list(enterprise.scale_memberships.all()), preview, today)
        if line.scale_plan is not None:
            changes.append({ENTER: "入规", LEAVE: "退规", CORRECT: "入规时间"}[line.scale_plan[0]])
        line.changes = changes
        line.action = UPDATE if changes else UNCHANGED

    def _plan_scale(self, line: EnterpriseLine, memberships: list[ScaleMembership], preview: EnterprisePreview,
                    today: date) -> None:
        current = max((m for m in memberships if m.left_period is None), key=lambda m: m.entered_period,
                      default=None)
        last_left = max((m.left_period for m in memberships if m.left_period is not None), default=None)
        if line.scale is True:
            if current is not None:
                if line.scale_since is None or line.scale_since == current.entered_period:
                    return
                if last_left is not None and line.scale_since < last_left:
                    preview.error(line.row, f"入规时间{period_label(line.scale_since)}早于上次退规月份"
                                            f"{period_label(last_left)}。")
                    return
                line.scale_plan = (CORRECT, line.scale_since)
                return
            period = line.scale_since or preview.default_scale_period
            if last_left is not None and period < last_left:
                hint = "" if line.scale_since else "请在“入规时间”列填写本次入规的月份。"
                preview.error(line.row, f"入规时间{period_label(period)}早于上次退规月份{period_label(last_left)}。{hint}")
                return
            line.scale_plan = (ENTER, period)
        elif line.scale is False and current is not None:
            period = line.scale_left or month_start(today)
            if period <= current.entered_period:
                preview.error(line.row, f"退规月份{period_label(period)}须晚于入规月份"
                                        f"{period_label(current.entered_period)}。")
                return
            if line.scale_left is None:
                preview.warn(line.row, f"“{line.recorded_name or line.name}”原为规上企业，表中为“否”且未填退规时间，"
                                       f"按{period_label(period)}退规登记。")
            line.scale_plan = (LEAVE, period)

    @staticmethod
    def _summarise_defaults(preview: EnterprisePreview) -> None:
        """One note for all the rows whose 入规时间 or honour year was filled in by the import."""
        entered = [line.row for line in preview.lines
                   if line.scale_plan and line.scale_plan[0] == ENTER and line.scale_since is None]
        if entered:
            preview.warn(None, f"{len(entered)}家企业“是否规上”为“是”但未填入规时间，按"
                               f"{period_label(preview.default_scale_period)}入规登记（第{_rows(entered)}行）。")
        undated = [line.row for line in preview.lines if any(h.year is None for h in line.new_honours)]
        if undated:
            preview.warn(None, f"{len(undated)}家企业的新增荣誉未注明年份，认定日期记为导入当日"
                               f"（第{_rows(undated)}行）；可写作“高新技术企业(2023)”。")

    # -- commit ---------------------------------------------------------------------------------

    def lock_name(self, preview: EnterprisePreview) -> str | None:
        # Two registry imports of one park would each match codes the other is creating.
        return f"economy-enterprises-{preview.park.pk}" if preview.park else None


    def plan(self, preview: EnterprisePreview, *, user) -> RegistryPlan:
        return RegistryPlan.made(preview, user=user)


def _rows(rows: list[int], limit: int = 20) -> str:
    shown = "、".join(str(r) for r in rows[:limit])
    return shown + ("等" if len(rows) > limit else "")
