"""The weekly dispatch agenda (周调度会议程) and the daily bulletin (每日一通报): what they say, and how
LibreOffice renders them."""

from datetime import date, datetime
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from parkops.core.text import chinese_numeral
from parkops.org.choices import LeaderLevel
from parkops.projects.choices import ProblemCategory, ProblemStatus, ProjectLight, Stage
from parkops.projects.documents import NOTHING_CHANGED, build_agenda, build_bulletin
from parkops.projects.tests.progress_tables import write, yi
from parkops.reports.builtin.project_dispatch import agenda_docx, bulletin_docx
from parkops.testing.factories import (
    DecisionFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    MonthlyProgressFactory,
    ParkFactory,
    PersonFactory,
    ProblemFactory,
    ProjectFactory,
    StageEventFactory,
    UnitFactory,
    YearPlanFactory,
)
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

MEETING_DAY = date(2025, 6, 2)
BULLETIN_DAY = date(2025, 6, 5)
A4_PORTRAIT_POINTS = (595, 842)


@pytest.fixture
def people(park):
    return {
        "工信局": UnitFactory(park=park, name="工信局"),
        "自然资源局": UnitFactory(park=park, name="自然资源局"),
        "王晓君": PersonFactory(park=park, name="王晓君", level=LeaderLevel.PARK),
    }


@pytest.fixture
def qianzhao(park, people):
    return ProjectFactory(park=park, name="乾照光电LED外延片及芯片项目", leader=people["王晓君"],
                          responsible_unit=people["工信局"])


@pytest.fixture
def weike(park):
    return ProjectFactory(park=park, name="维科南昌基地铝壳电池项目")


@pytest.fixture
def yunchuang(park):
    return ProjectFactory(park=park, name="工控云创港标准厂房")


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


# -- the agenda -----------------------------------------------------------------------------------------


@pytest.fixture
def agenda_lights(qianzhao, weike, yunchuang):
    return [
        (qianzhao, ProjectLight.RED, "节点“施工许可”已逾期35天"),
        (weike, ProjectLight.YELLOW, "年度投资完成率30.00%，落后序时进度11.67个百分点"),
        (yunchuang, ProjectLight.GREEN, "按序时推进"),
    ]


def test_agenda_lists_red_then_yellow_projects_with_their_reasons(park, agenda_lights):
    document = docx.Document(BytesIO(agenda_docx(build_agenda(park=park, held_on=MEETING_DAY, lights=agenda_lights))))

    lines = texts(document)
    assert lines[:2] == ["高新区重点项目周调度会议程", "（2025年6月2日）"]
    assert lines[2:6] == [
        "一、红灯项目（1个）",
        "1. 乾照光电LED外延片及芯片项目（挂点领导：王晓君；责任单位：工信局）。亮灯原因：节点“施工许可”已逾期35天。",
        "二、黄灯项目（1个）",
        "1. 维科南昌基地铝壳电池项目。亮灯原因：年度投资完成率30.00%，落后序时进度11.67个百分点。",
    ]
    assert "工控云创港标准厂房" not in "".join(lines)


def test_agenda_lists_open_problems_most_overdue_first(park, people, qianzhao, weike, yunchuang):
    ProblemFactory(project=weike, description="施工用电变压器需增容", category=ProblemCategory.UTILITIES,
                   responsible_unit=people["工信局"], deadline=date(2025, 5, 30))
    ProblemFactory(project=qianzhao, description="化学品库用地尚未交付", responsible_unit=people["自然资源局"],
                   deadline=date(2025, 5, 20), status=ProblemStatus.IN_PROGRESS)
    ProblemFactory(project=yunchuang, description="二标段3户房屋尚未征迁", category=ProblemCategory.RELOCATION,
                   deadline=date(2025, 6, 30))
    ProblemFactory(project=yunchuang, description="塔吊使用登记", category=ProblemCategory.APPROVAL)
    ProblemFactory(project=qianzhao, description="已经解决的问题", status=ProblemStatus.SOLVED)
    ProblemFactory(project=ProjectFactory(park=park, name="已退出调度", is_active=False), description="不再调度")
    ProblemFactory(project=ProjectFactory(park=ParkFactory(name="另一园区", short_name="另一园区")),
                   description="别的园区的问题")

    agenda = build_agenda(park=park, held_on=MEETING_DAY, lights=[])

    assert [(p.problem.description, p.days_overdue) for p in agenda.problems] == [
        ("化学品库用地尚未交付", 13), ("施工用电变压器需增容", 3), ("二标段3户房屋尚未征迁", 0), ("塔吊使用登记", 0)]
    document = docx.Document(BytesIO(agenda_docx(agenda)))
    assert "三、未解决的困难问题（4个）" in texts(document) and "其中已逾期2个，按逾期天数排列。" in texts(document)
    assert table_rows(document.tables[0]) == [
        ["序号", "项目", "困难问题", "类别", "责任单位", "办结期限", "逾期天数"],
        ["1", "乾照光电LED外延片及芯片项目", "化学品库用地尚未交付", "土地", "自然资源局", "5月20日", "13天"],
        ["2", "维科南昌基地铝壳电池项目", "施工用电变压器需增容", "水电气", "工信局", "5月30日", "3天"],
        ["3", "工控云创港标准厂房", "二标段3户房屋尚未征迁", "征迁", "—", "6月30日", "未逾期"],
        ["4", "工控云创港标准厂房", "塔吊使用登记", "审批", "—", "—", "未逾期"],
    ]


def test_agenda_reports_on_the_previous_meetings_decisions(park, people, qianzhao, weike):
    older = DispatchMeetingFactory(park=park, held_on=date(2025, 5, 19), title="第20周调度会")
    DecisionFactory(meeting=older, project=qianzhao, unit=people["工信局"], text="更早的议定事项")
    previous = DispatchMeetingFactory(park=park, held_on=date(2025, 5, 26), title="重点项目第21周调度会")
    DispatchMeetingFactory(park=park, held_on=MEETING_DAY, title="本次调度会")  # the meeting itself
    solved = ProblemFactory(project=qianzhao, status=ProblemStatus.SOLVED, resolved_on=date(2025, 5, 30))
    pending = ProblemFactory(project=weike, deadline=date(2025, 5, 31))
    DecisionFactory(meeting=previous, project=qianzhao, unit=people["工信局"], problem=solved,
                    text="协调供电公司完成10KV线路送电", deadline=date(2025, 6, 10))
    DecisionFactory(meeting=previous, project=weike, unit=people["自然资源局"], problem=pending,
                    text="5月31日前交付化学品库用地", deadline=date(2025, 5, 31))
    DecisionFactory(meeting=previous, project=weike, unit=people["工信局"], text="帮助招聘一线工人200名",
                    deadline=date(2025, 5, 30))

    document = docx.Document(BytesIO(agenda_docx(build_agenda(park=park, held_on=MEETING_DAY, lights=[]))))

    assert "重点项目第21周调度会（2025年5月26日）议定事项3项。" in texts(document)
    assert table_rows(document.tables[-1]) == [
        ["序号", "议定事项", "项目", "责任单位", "完成期限", "落实情况"],
        ["1", "协调供电公司完成10KV线路送电", "乾照光电LED外延片及芯片项目", "工信局", "6月10日", "已解决（5月30日）"],
        ["2", "5月31日前交付化学品库用地", "维科南昌基地铝壳电池项目", "自然资源局", "5月31日", "待办，已逾期2天"],
        ["3", "帮助招聘一线工人200名", "维科南昌基地铝壳电池项目", "工信局", "5月30日", "未转办，已逾期3天"],
    ]


def test_an_agenda_with_nothing_to_discuss_says_so(park):
    document = docx.Document(BytesIO(agenda_docx(build_agenda(park=park, held_on=MEETING_DAY, lights=[]))))

    assert texts(document)[2:] == ["一、红灯项目（0个）", "无。", "二、黄灯项目（0个）", "无。", "三、未解决的困难问题（0个）",
                                   "无。", "四、上次调度会议定事项落实情况", "无上次调度会记录。"]
    assert document.tables == []


def test_agenda_is_an_official_portrait_a4_document(park, agenda_lights):
    document = docx.Document(BytesIO(agenda_docx(build_agenda(park=park, held_on=MEETING_DAY, lights=agenda_lights))))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    title = document.paragraphs[0].runs[0]
    assert title.font.size == Pt(22) and title._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert heading.paragraph_format.keep_with_next
    body = next(p for p in document.paragraphs if p.text.startswith("1. "))
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


# -- the daily bulletin ---------------------------------------------------------------------------------


@pytest.fixture
def busy_day(park, clock, people, qianzhao, weike, yunchuang):
    """A day on which every kind of change happened, with changes of the day before and of another park."""
    YearPlanFactory(project=weike, year=2025, planned_investment=yi("8"))
    clock.now = at(date(2025, 6, 4))
    StageEventFactory(project=weike, stage=Stage.SIGNED, on=date(2025, 6, 4))
    april = MonthlyProgressFactory(project=qianzhao, period=date(2025, 4, 1), invested=yi("4"), image_progress="主体施工")
    ProblemFactory(project=weike, raised_on=date(2025, 6, 4), description="昨天提出的问题")
    MilestoneFactory(project=qianzhao, name="环评", actual_on=date(2025, 6, 4))
    elsewhere = ProjectFactory(park=ParkFactory(name="另一园区", short_name="另一园区"), name="别处项目")

    clock.now = at(BULLETIN_DAY)
    StageEventFactory(project=yunchuang, stage=Stage.STARTED, on=BULLETIN_DAY, note="举行开工仪式")
    MonthlyProgressFactory(project=weike, period=date(2025, 5, 1), invested=yi("2.4"), image_progress="桩基施工完成60%")
    april.image_progress = "一区、二区厂房主体工程已全部完工"
    april.save()
    ProblemFactory(project=yunchuang, raised_on=BULLETIN_DAY, description="塔吊安装需办理使用登记",
                   category=ProblemCategory.APPROVAL, responsible_unit=people["工信局"], deadline=date(2025, 6, 15))
    ProblemFactory(project=qianzhao, description="10KV线路尚未送电", status=ProblemStatus.SOLVED,
                   resolved_on=BULLETIN_DAY, resolution="供电公司已送电")
    MilestoneFactory(project=qianzhao, name="主体封顶", planned_on=date(2025, 6, 10), actual_on=BULLETIN_DAY)
    StageEventFactory(project=elsewhere, stage=Stage.STARTED, on=BULLETIN_DAY)
    ProblemFactory(project=elsewhere, raised_on=BULLETIN_DAY)
    return park


def test_bulletin_counts_the_days_changes_and_groups_them_by_project(busy_day):
    bulletin = build_bulletin(park=busy_day, day=BULLETIN_DAY)

    assert bulletin.summary == ("2025年6月5日，3个重点项目有变化：阶段变更1项、填报月度进展1项、更新月度进展1项、"
                                "新提出困难问题1个、办结困难问题1个、完成节点1个。")
    assert [(g.project.name, [e.text for e in g.entries]) for g in bulletin.groups] == [
        ("乾照光电LED外延片及芯片项目", [
            "更新2025年4月进展：当月完成投资4.00亿元，本年累计完成4.00亿元；形象进度：一区、二区厂房主体工程已全部完工。",
            "解决困难问题：10KV线路尚未送电；办理结果：供电公司已送电。",
            "完成节点“主体封顶”（6月5日，计划6月10日）。",
        ]),
        ("工控云创港标准厂房", [
            "进入“开工”阶段（6月5日）；举行开工仪式。",
            "新提出困难问题（审批）：塔吊安装需办理使用登记，责任单位：工信局，办结期限：6月15日。",
        ]),
        ("维科南昌基地铝壳电池项目", [
            "填报2025年5月进展：当月完成投资2.40亿元，本年累计完成2.40亿元，年度投资完成率30.00%；形象进度：桩基施工完成60%。",
        ]),
    ]


def test_bulletin_document_has_counts_on_top_and_a_heading_per_project(busy_day):
    document = docx.Document(BytesIO(bulletin_docx(build_bulletin(park=busy_day, day=BULLETIN_DAY))))

    lines = texts(document)
    assert lines[:5] == ["高新区重点项目调度通报", "高新区管委会编\t2025年6月5日", "重点项目每日通报", "一、总体情况",
                         build_bulletin(park=busy_day, day=BULLETIN_DAY).summary]
    assert lines[5] == "二、分项目情况"
    assert lines[6] == "（一）乾照光电LED外延片及芯片项目（挂点领导：王晓君；责任单位：工信局）"
    assert lines[7].startswith("1. 更新2025年4月进展")
    assert lines[-2:] == ["高新区管委会", "2025年6月5日"]
    assert "（二）工控云创港标准厂房" in lines and "（三）维科南昌基地铝壳电池项目" in lines
    heading = next(p for p in document.paragraphs if p.text == "（二）工控云创港标准厂房")
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert "别处项目" not in "".join(lines) and "昨天提出的问题" not in "".join(lines)


def test_bulletin_costs_the_same_queries_for_one_change_or_many(busy_day, clock, weike):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            build_bulletin(park=busy_day, day=BULLETIN_DAY)
        return len(context.captured_queries)

    few = queries()
    for number in range(6):
        project = ProjectFactory(park=busy_day, name=f"新项目{number}")
        MonthlyProgressFactory(project=project, period=date(2025, 5, 1))
        ProblemFactory(project=project, raised_on=BULLETIN_DAY)
        StageEventFactory(project=project, on=BULLETIN_DAY)
    assert queries() == few
    assert len(build_bulletin(park=busy_day, day=BULLETIN_DAY).groups) == 9


def test_a_quiet_day_says_nothing_changed(busy_day):
    bulletin = build_bulletin(park=busy_day, day=date(2025, 6, 6))

    assert bulletin.is_empty and bulletin.summary == NOTHING_CHANGED
    document = docx.Document(BytesIO(bulletin_docx(build_bulletin(park=busy_day, day=date(2025, 6, 6)))))
    assert texts(document) == ["高新区重点项目调度通报", "高新区管委会编\t2025年6月6日", "重点项目每日通报", "今日无变化。",
                               "高新区管委会", "2025年6月6日"]


def test_history_entered_on_a_day_is_counted_not_listed_as_the_days_news(park, clock, qianzhao, weike):
    """A ledger imported on 6月5日 with a project's past: its old stages and months are not 6月5日's news."""
    clock.now = at(BULLETIN_DAY)
    StageEventFactory(project=qianzhao, stage=Stage.SIGNED, on=date(2024, 3, 1))
    StageEventFactory(project=qianzhao, stage=Stage.STARTED, on=date(2024, 9, 1))
    MonthlyProgressFactory(project=qianzhao, period=date(2025, 1, 1), invested=yi("1"), image_progress="场平")
    MonthlyProgressFactory(project=qianzhao, period=date(2025, 2, 1), invested=yi("1"), image_progress="桩基")
    # The month before is reported in the first days of this one: news.
    MonthlyProgressFactory(project=weike, period=date(2025, 5, 1), invested=yi("0.5"), image_progress="主体施工")
    StageEventFactory(project=weike, stage=Stage.STARTED, on=date(2025, 6, 3))

    bulletin = build_bulletin(park=park, day=BULLETIN_DAY)

    assert [g.project.name for g in bulletin.groups] == ["维科南昌基地铝壳电池项目"]
    assert bulletin.summary == ("2025年6月5日，1个重点项目有变化：阶段变更1项、填报月度进展1项。"
                                "另补录以往记录4条（阶段变更2项、填报月度进展2项），不在本通报逐项列出。")
    document = docx.Document(BytesIO(bulletin_docx(bulletin)))
    assert "乾照光电LED外延片及芯片项目" not in "\n".join(texts(document))


def test_the_next_days_bulletin_does_not_repeat_the_first_days_items(park, clock, qianzhao, weike):
    clock.now = at(BULLETIN_DAY)
    StageEventFactory(project=qianzhao, stage=Stage.STARTED, on=BULLETIN_DAY)
    MonthlyProgressFactory(project=weike, period=date(2025, 5, 1), invested=yi("0.5"), image_progress="主体施工")
    clock.now = at(date(2025, 6, 6))
    ProblemFactory(project=weike, raised_on=date(2025, 6, 6), description="塔吊安装需办理使用登记")

    first, second = (build_bulletin(park=park, day=day) for day in (BULLETIN_DAY, date(2025, 6, 6)))

    assert first.counts["阶段变更"] == 1 and first.counts["填报月度进展"] == 1
    assert [(g.project.name, [e.what for e in g.entries]) for g in second.groups] == [
        ("维科南昌基地铝壳电池项目", ["新提出困难问题"])]
    first_texts = {e.text for g in first.groups for e in g.entries}
    assert not first_texts & {e.text for g in second.groups for e in g.entries}


def test_the_bulletin_is_of_today_unless_told(park, clock, qianzhao):
    clock.now = at(BULLETIN_DAY, hour=23)  # 23:00 in Beijing is 15:00 UTC, still the 5th here
    MilestoneFactory(project=qianzhao, name="主体封顶", actual_on=BULLETIN_DAY)
    StageEventFactory(project=qianzhao, stage=Stage.STARTED, on=BULLETIN_DAY)

    bulletin = build_bulletin(park=park)

    assert bulletin.day == BULLETIN_DAY
    assert bulletin.counts["完成节点"] == 1 and bulletin.counts["阶段变更"] == 1


def test_headings_are_numbered_in_chinese():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23, 53)] == ["一", "九", "十", "十一", "二十", "二十三", "五十三"]


# -- as LibreOffice renders them ------------------------------------------------------------------------


def test_libreoffice_renders_the_agenda_and_the_bulletin(busy_day, people, agenda_lights, tmp_path):
    ProblemFactory(project=agenda_lights[0][0], description="化学品库用地尚未交付", deadline=date(2025, 5, 20),
                   responsible_unit=people["自然资源局"])
    agenda = write(tmp_path, "周调度会议程.docx",
                   agenda_docx(build_agenda(park=busy_day, held_on=MEETING_DAY, lights=agenda_lights)))
    bulletin = write(tmp_path, "每日通报.docx", bulletin_docx(build_bulletin(park=busy_day, day=BULLETIN_DAY)))

    agenda_pdf, bulletin_pdf = render_pdf(tmp_path, agenda, bulletin)

    for pdf in (agenda_pdf, bulletin_pdf):
        pages, size = pdf_pages(pdf)
        assert size == A4_PORTRAIT_POINTS and 1 <= pages <= 3
        assert "—1—" in pdf_text(pdf)
    text = pdf_text(agenda_pdf)
    for expected in ("高新区重点项目周调度会议程", "一、红灯项目（1个）", "二、黄灯项目（1个）", "三、未解决的困难问题",
                     "四、上次调度会议定事项落实情况", "乾照光电LED外延片及芯片项目", "亮灯原因：节点“施工许可”已逾期35天"):
        assert expected in text
    text = pdf_text(bulletin_pdf)
    for expected in ("高新区重点项目调度通报", "重点项目每日通报", "一、总体情况", "3个重点项目有变化", "（一）乾照光电LED外延片及芯片项目",
                     "完成节点“主体封顶”"):
        assert expected in text
