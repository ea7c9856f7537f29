"""限期整改通知书 (整改通知书) in the official format (GB/T 9704): the red 版头 with the committee's name and
the notice's number over the red line, the title, the enterprise addressed, the hazards found (one, or
every hazard of that enterprise issued the same day), the legal basis (《中华人民共和国安全生产法》第六十五条),
the deadline, and the committee's signature. What it says is the safety module's (safety.selectors);
here it is only laid out. The hazard page downloads it (per hazard, or per enterprise)."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone

from parkops.core import officedoc
from parkops.core.periods import chinese_date
from parkops.core.permissions import require
from parkops.reports.registry import (
    ExportRequest,
    FieldDoc,
    ModuleDownload,
    NothingToDownload,
    ReportRequest,
    ReportType,
)
from parkops.reports.services import ReportError
from parkops.reports.templating import CENTRE, LEFT, loop_rows, narrow_cell_margins, widths
from parkops.safety import selectors
from parkops.safety.permissions import can_view_hazard, visible_hazards

ENTERPRISE_SCOPE = "enterprise"


def notice_context(hazards: list) -> dict:
    first = hazards[0]
    inspection = first.inspection
    deadline = max((h.deadline for h in hazards if h.deadline), default=None)
    major = [h for h in hazards if h.is_major]
    inspectors = f"{inspection.inspectors}等" if inspection and inspection.inspectors else "我委检查人员"
    checked_on = inspection.inspected_on if inspection else first.found_on
    return {
        "notice_number": first.notice_number,
        "enterprise": first.enterprise_name,
        "inspected": f"{chinese_date(checked_on)}，{inspectors}对你单位进行了安全生产检查",
        "hazard_count": f"{len(hazards)}项",
        "hazards": [{"number": str(n), "place": h.place or "—", "description": h.description,
                     "level": h.get_level_display() + (f"（{h.get_major_category_display().split('（')[0]}）" if h.is_major else ""),
                     "measures": h.measures, "deadline": f"{h.deadline:%Y.%-m.%-d}" if h.deadline else ""}
                    for n, h in enumerate(hazards, start=1)],
        "deadline": chinese_date(deadline) if deadline else "规定期限",
        "major_text": (f"其中重大事故隐患{len(major)}项，已列入挂牌督办。重大事故隐患排除前或者排除过程中无法保证安全的，应当从危险区域内"
                       "撤出作业人员，暂时停产停业或者停止使用相关设施、设备。") if major else "",
        "person": "、".join(sorted({h.responsible_person for h in hazards if h.responsible_person})) or "企业主要负责人",
        "date": chinese_date(first.issued_on or timezone.localdate()),
    }


def _day(request: ReportRequest) -> date:
    return request.day or timezone.localdate()


def build_context(request: ReportRequest) -> dict:
    hazard = selectors.hazard_for_notice(park=request.park, day=_day(request))
    if hazard is None:
        raise ReportError(f"{chinese_date(_day(request))}及以前没有下达整改通知的隐患。")
    return notice_context([hazard])


def default_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_issuing_organ(document, "{{ issuer }}", size=officedoc.SIZE_1)
    officedoc.add_issue_line(document, "{{ notice_number }}")
    officedoc.add_title(document, "限期整改通知书")
    officedoc.add_paragraph(document)
    officedoc.add_paragraph(document, "{{ enterprise }}：", first_line_indent=False)
    officedoc.add_paragraph(document, "{{ inspected }}，发现你单位存在下列事故隐患{{ hazard_count }}：")
    table = officedoc.add_table(document, ["序号", "隐患部位", "隐患描述", "隐患等级", "整改措施", "整改时限"],
                                widths(officedoc.usable_width_mm(document), (8, 15, 32, 16, 29, 18)),
                                size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    loop_rows(table, "h in hazards", ["{{ h.number }}", "{{ h.place }}", "{{ h.description }}", "{{ h.level }}",
                                      "{{ h.measures }}", "{{ h.deadline }}"],
              aligns=[CENTRE, LEFT, LEFT, CENTRE, LEFT, CENTRE], size=officedoc.SIZE_5)
    officedoc.add_paragraph(
        document, "根据《中华人民共和国安全生产法》第六十五条的规定，现责令你单位于{{ deadline }}前整改完毕，达到安全生产要求，"
                  "并将整改情况（附整改前、后照片）书面报送{{ issuer }}。{{ major_text }}整改期间应当采取可靠的安全防范措施，"
                  "防止事故发生。逾期未整改或者整改不合格的，依法予以处理。")
    officedoc.add_paragraph(document, "整改责任人：{{ person }}")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    return officedoc.to_bytes(document)


def _from_link(http_request) -> ExportRequest:
    """The hazard page's link: that hazard (or every hazard of its enterprise issued that day), if the user
    may see it. The hazard travels in `kinds` ("hazard-12"), the scope beside it."""
    hazard = get_object_or_404(visible_hazards(http_request.user).select_related("park"),
                               pk=http_request.GET.get("hazard") or 0)
    require(can_view_hazard(http_request.user, hazard))
    kinds = (f"hazard-{hazard.pk}",) + ((ENTERPRISE_SCOPE,) if http_request.GET.get("scope") == ENTERPRISE_SCOPE else ())
    return ExportRequest(park=hazard.park, user=http_request.user, day=hazard.issued_on, kinds=kinds)


def export(request: ExportRequest) -> ModuleDownload:
    pk = next((int(k.split("-")[1]) for k in request.kinds if k.startswith("hazard-")), None)
    hazard = selectors.hazard_for_notice(park=request.park, day=request.day or timezone.localdate(), pk=pk)
    if hazard is None:
        raise NothingToDownload("该隐患尚未下达整改通知。")
    hazards = [hazard]
    if ENTERPRISE_SCOPE in request.kinds:
        hazards = selectors.hazards_for_enterprise_notice(park=request.park, hazard=hazard)
        if request.user is not None:
            allowed = set(visible_hazards(request.user).values_list("pk", flat=True))
            hazards = [h for h in hazards if h.pk in allowed]
    return ModuleDownload(notice_context(hazards),
                          lambda extension: f"限期整改通知书_{hazard.enterprise_name}_{hazard.issued_on:%Y%m%d}.{extension}",
                          what="限期整改通知书")


RECTIFICATION_NOTICE = ReportType(
    code="rectification_notice",
    name="限期整改通知书",
    description="对一项隐患（或同一企业同日下达的全部隐患）下达的限期整改通知书：红色版头、文号、隐患清单、整改时限和依据、"
                "落款。报告中心按所选日期取此前最近一份；隐患页面“下载整改通知书”也使用本模板。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: "限期整改通知书",
    export=export,
    export_request=_from_link,
    fields=(
        FieldDoc("notice_number", "文号", "德安高新区安改〔2026〕12号"),
        FieldDoc("enterprise", "被检查单位", "德安金鑫铸造有限公司"),
        FieldDoc("inspected", "检查情况", "2026年10月9日，李督办、应急管理局 陈安等对你单位进行了安全生产检查"),
        FieldDoc("hazard_count", "隐患项数", "2项"),
        FieldDoc("hazards", "隐患（每项一行）", children=(
            FieldDoc("number", "序号"), FieldDoc("place", "隐患部位"), FieldDoc("description", "隐患描述"),
            FieldDoc("level", "隐患等级", "重大隐患（机械企业（第七条））"), FieldDoc("measures", "整改措施"),
            FieldDoc("deadline", "整改时限", "2026.11.8"))),
        FieldDoc("deadline", "整改完毕期限（各项最晚）", "2026年11月8日"),
        FieldDoc("major_text", "重大隐患说明（无重大隐患时为空）"),
        FieldDoc("person", "整改责任人", "张建国"),
        FieldDoc("date", "成文日期（下达日期）", "2026年10月9日"),
    ),
)
