"""标准厂房使用情况表 in the official format (GB/T 9704), through a template users may edit: each building with
its floors, area, the space let and vacant and its occupancy rate (of its units, in a building divided into
them), then its tenants in force (floor and units, area, rent, term, 免租期) one a line; a 合计 row; above, one sentence with the totals and the 闲置厂房 put to use this year
(盘活: the leases begun since 1 January). What it says is the land module's (land.selectors.factory_usage);
here it is only laid out."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from docx.oxml import OxmlElement

from parkops.core import officedoc
from parkops.core.formatting import format_pct, plain_number
from parkops.core.periods import chinese_date
from parkops.land.selectors import factory_usage
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType, park_fields
from parkops.reports.templating import CENTRE, LEFT, loop_rows, narrow_cell_margins, widths


def _sqm(value) -> str:
    return plain_number(Decimal(value).quantize(Decimal("0.01")))


def _day(value) -> str:
    return f"{value:%Y.%-m.%-d}" if value else ""


def _lease_cells(lease) -> dict:
    return {"tenant": lease.enterprise.name if lease.enterprise_id and lease.enterprise else lease.tenant_name,
            "floor": (f"{lease.floor}层" if lease.floor else "")
            + (f" {'、'.join(unit.number for unit in lease.units.all())}" if lease.units.all() else ""),
            "lease_area": _sqm(lease.area),
            "rent": plain_number(lease.rent) if lease.rent is not None else "",
            "term": f"{_day(lease.starts_on)}—{_day(lease.ends_on)}",
            "rent_free": f"至{_day(lease.rent_free_until)}" if lease.rent_free_until else "无"}


NO_LEASE = {"tenant": "（全部空置）", "floor": "", "lease_area": "", "rent": "", "term": "", "rent_free": ""}


def usage_context(*, park, today) -> dict:
    usage = factory_usage(park=park, on=today)
    rows = []
    for number, row in enumerate(usage.rows, start=1):
        building = {"number": str(number), "name": row.building.name, "floors": str(row.building.floors),
                    "area": _sqm(row.building.floor_area), "let": _sqm(row.let), "vacant": _sqm(row.vacant),
                    "rate": format_pct(row.occupancy_pct)}
        leases = row.in_force or [None]
        for index, lease in enumerate(leases):
            # The building's own cells on its first line only: the lines below are its other tenants.
            own = building if index == 0 else dict.fromkeys(building, "")
            rows.append({**own, **(_lease_cells(lease) if lease else NO_LEASE)})
    started = usage.started
    return {
        **park_fields(park),
        "title": f"{park.name}标准厂房使用情况表",
        "date_line": f"截至{chinese_date(today)}",
        "summary": (f"共有标准厂房{len(usage.rows)}栋、建筑面积{_sqm(usage.floor_area)}平方米"
                    + (f"（可出租{_sqm(usage.area)}平方米）" if usage.area != usage.floor_area else "")
                    + f"，已出租{_sqm(usage.let)}平方米、"
                    f"空置{_sqm(usage.vacant)}平方米，出租率{format_pct(usage.occupancy_pct)}，在租企业{usage.tenants}家；"
                    f"{today.year}年以来新起租{len(started)}宗，盘活闲置厂房{_sqm(usage.revitalised_sqm)}平方米。")
        if usage.rows else "尚未登记标准厂房。",
        "rows": rows,
        "totals": {"floors": str(sum(row.building.floors for row in usage.rows)), "area": _sqm(usage.floor_area),
                   "let": _sqm(usage.let), "vacant": _sqm(usage.vacant), "rate": format_pct(usage.occupancy_pct),
                   "tenants": f"{usage.tenants}家", "lease_area": _sqm(usage.let)},
        "revitalised_sqm": _sqm(usage.revitalised_sqm),
    }


def build_context(request: ReportRequest) -> dict:
    return usage_context(park=request.park, today=request.day or timezone.localdate())


HEADER = ["序号", "厂房", "层数", "建筑面积（㎡）", "已出租（㎡）", "空置（㎡）", "出租率", "承租企业", "楼层（单元）",
          "租赁面积（㎡）", "租金（元/㎡·月）", "租期", "免租期"]
CELLS = ["{{ r.number }}", "{{ r.name }}", "{{ r.floors }}", "{{ r.area }}", "{{ r.let }}", "{{ r.vacant }}",
         "{{ r.rate }}", "{{ r.tenant }}", "{{ r.floor }}", "{{ r.lease_area }}", "{{ r.rent }}", "{{ r.term }}",
         "{{ r.rent_free }}"]
TOTALS = ["", "合计", "{{ totals.floors }}", "{{ totals.area }}", "{{ totals.let }}", "{{ totals.vacant }}",
          "{{ totals.rate }}", "{{ totals.tenants }}", "", "{{ totals.lease_area }}", "", "", ""]
ALIGNS = [CENTRE, LEFT, CENTRE, CENTRE, CENTRE, CENTRE, CENTRE, LEFT, CENTRE, CENTRE, CENTRE, CENTRE, CENTRE]


def default_template() -> bytes:
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "{{ date_line }}", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document, "{{ summary }}")
    table = officedoc.add_table(document, HEADER, widths(officedoc.usable_width_mm(document),
                                                         (9, 16, 9, 12, 12, 12, 14, 28, 18, 12, 10, 22, 20)),
                                size=officedoc.SIZE_5)
    loop_rows(table, "r in rows", CELLS, aligns=ALIGNS, size=officedoc.SIZE_5)
    # A tenant's line is short: kept whole on one page rather than its name broken over two.
    table.rows[-2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    officedoc.add_row(table, TOTALS, aligns=ALIGNS, size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    return officedoc.to_bytes(document)


FACTORY_USAGE = ReportType(
    code="factory_usage",
    name="标准厂房使用情况表",
    description="园区各栋标准厂房的层数、建筑面积、已出租和空置面积、出租率，在租企业的楼层、面积、租金、租期和免租期，"
                "表末合计；表上方为总面积、出租率和本年盘活闲置厂房面积。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}标准厂房使用情况表",
    fields=(
        FieldDoc("title", "标题", "德安高新技术产业园区标准厂房使用情况表"),
        FieldDoc("date_line", "日期行", "截至2026年12月3日"),
        FieldDoc("summary", "合计", "共有标准厂房3栋、建筑面积72000平方米，已出租42000平方米、空置30000平方米，"
                                    "出租率58.33%，在租企业5家；2026年以来新起租3宗，盘活闲置厂房25000平方米。"),
        FieldDoc("revitalised_sqm", "本年盘活闲置厂房（平方米）", "25000"),
        FieldDoc("rows", "厂房与在租企业（每家企业一行，厂房数据在其第一行）", children=(
            FieldDoc("number", "序号"), FieldDoc("name", "厂房", "标准厂房1号楼"), FieldDoc("floors", "层数", "4"),
            FieldDoc("area", "建筑面积（平方米）", "24000"), FieldDoc("let", "已出租（平方米）", "18000"),
            FieldDoc("vacant", "空置（平方米）", "6000"), FieldDoc("rate", "出租率", "75.00%"),
            FieldDoc("tenant", "承租企业"), FieldDoc("floor", "楼层（单元）", "1层 101、102"),
            FieldDoc("lease_area", "租赁面积（平方米）", "8000"), FieldDoc("rent", "租金（元/平方米·月）", "8"),
            FieldDoc("term", "租期", "2024.1.1—2026.12.31"), FieldDoc("rent_free", "免租期", "至2024.6.30"))),
        FieldDoc("totals", "合计行", children=(
            FieldDoc("floors", "层数"), FieldDoc("area", "建筑面积"), FieldDoc("let", "已出租"), FieldDoc("vacant", "空置"),
            FieldDoc("rate", "出租率"), FieldDoc("tenants", "在租企业", "5家"), FieldDoc("lease_area", "租赁面积"))),
    ),
)
