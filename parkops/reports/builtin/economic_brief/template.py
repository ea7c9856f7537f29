"""经济运行简报: the default template, in the sentences the committee's 工作总结 use."""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING

from parkops.core import officedoc
from parkops.reports.templating import CENTRE, LEFT, loop_rows, sources_appendix, tag_paragraph, widths

# -- The template -------------------------------------------------------------------------------------

# Sentences as the 工作总结 write them; {{ x.trend }}{{ x.growth }} prints "同比增长16.39%".
GROWTH = "{% if o.trend %}，{{ o.trend }}{{ o.growth }}{% endif %}"
OPENING = ("{{ label }}，园区规上工业企业{{ enterprises }}{% if new_enterprises %}（今年新入规{{ new_enterprises }}）"
           "{% endif %}{% if opening %}，实现{% for o in opening %}{{ o.sentence_name }}{{ o.amount }}" + GROWTH
           + "{% if not loop.last %}；{% endif %}{% endfor %}{% endif %}。{% if leading_share %}{{ leading_count }}"
           "大主导产业{{ share_indicator }}占园区{{ share_indicator }}{{ leading_share }}。{% endif %}")
OTHERS = ("此外，{% for o in others %}{{ o.sentence_name }}{{ o.amount }}" + GROWTH
          + "{% if not loop.last %}；{% endif %}{% endfor %}。")
TARGET = ("{{ t.name }}：{% if t.target %}年度目标{{ t.target }}{% if t.completion %}，{{ label }}完成"
          "{{ t.completion }}{% endif %}{% endif %}{% if t.target and t.target_growth %}；{% endif %}"
          "{% if t.target_growth %}年度目标增长{{ t.target_growth }}，{{ label }}{% if t.trend %}"
          "{{ t.trend }}{{ t.growth }}{% else %}无上年同期数据{% endif %}{% endif %}。")
CHAIN = ("{{ o.industry }}规上工业企业{{ o.enterprises }}，实现{{ share_indicator }}{{ o.amount }}" + GROWTH
         + "，占园区{{ o.share }}{% if not loop.last %}；{% endif %}")
LEADING_CHAINS = "分产业看，{{ leading_count }}大主导产业中，{% for o in leading_chains %}" + CHAIN + "{% endfor %}。"
OTHER_CHAINS = ("{% if leading_chains %}其他产业中{% else %}分产业看{% endif %}，{% for o in other_chains %}" + CHAIN
                + "{% endfor %}。")
ZONES = ("分园区看，{% for o in zones %}{{ o.name }}规上工业企业{{ o.enterprises }}，实现{{ share_indicator }}"
         "{{ o.amount }}" + GROWTH + "，占园区{{ o.share }}{% if not loop.last %}；{% endif %}{% endfor %}。")
TOP = ("{{ label }}{{ share_indicator }}前{{ top|length }}位企业见表3。{% if declining %}其中，{% for e in declining %}"
       "{{ e.name }}{{ e.trend }}{{ e.growth }}{% if not loop.last %}，{% endif %}{% endfor %}，需重点关注。{% endif %}")

RIGHT = officedoc.WD_ALIGN_PARAGRAPH.RIGHT


def _caption(document, text: str) -> None:
    officedoc.add_paragraph(document, text, align=CENTRE, font=officedoc.HEITI, size=officedoc.SIZE_SMALL_4)


def _picture(document, chart: str) -> None:
    """A chart and its caption, when drawn. The picture's paragraph has single spacing: the body's exact
    28.95-point lines would cut the picture to one line's height."""
    tag_paragraph(document, f"if charts.{chart}")
    paragraph = officedoc.add_paragraph(document, f"{{{{ charts.{chart}.image }}}}", align=CENTRE)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.keep_with_next = True
    _caption(document, f"{{{{ charts.{chart}.caption }}}}")
    tag_paragraph(document, "endif")


def default_template() -> bytes:
    document = officedoc.new_document()
    width = officedoc.usable_width_mm(document)
    small = officedoc.SIZE_5
    # The 版头 of the committee's monthly brief: its name in red, the issue (the month), who edits it and
    # when, over the red line. Text of the template, for users to change.
    officedoc.add_issuing_organ(document, "{{ park_short }}经济运行简报")
    officedoc.add_paragraph(document, "{{ year }}年第{{ issue }}期", align=CENTRE)
    officedoc.add_issue_line(document, "{{ issuer }}编", "{{ today }}")
    officedoc.add_title(document, "{{ label }}园区经济运行情况")
    officedoc.add_paragraph(document, "")
    tag_paragraph(document, "if has_data")

    officedoc.add_heading(document, "一、总体情况")
    officedoc.add_paragraph(document, OPENING)
    tag_paragraph(document, "if others")
    officedoc.add_paragraph(document, OTHERS)
    tag_paragraph(document, "endif")
    tag_paragraph(document, "for t in targets")
    officedoc.add_paragraph(document, TARGET)
    tag_paragraph(document, "endfor")
    _caption(document, "表1  {{ label }}园区规上工业企业主要经济指标")
    table = officedoc.add_table(document, ["指标", "{{ label }}累计", "当月", "同比\n（同口径）", "同比\n（全部企业）"],
                                widths(width, (26, 40, 38, 24, 26)), size=small)
    loop_rows(table, "o in indicators",
              ["{{ o.name }}", "{{ o.amount }}", "{{ o.month }}", "{{ o.yoy }}", "{{ o.yoy_all }}"],
              aligns=[LEFT, RIGHT, RIGHT, RIGHT, RIGHT], size=small)
    note = officedoc.add_paragraph(document, "注：同口径为今年与上年同期均有数据的同一批企业相比，与统计部门口径一致；"
                                             "全部企业为今年与上年同期各自全部报送企业相比。", first_line_indent=False,
                                   size=small)
    note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    note.paragraph_format.space_after = officedoc.SIZE_5
    _picture(document, "trend")

    officedoc.add_heading(document, "二、分产业情况")
    tag_paragraph(document, "if leading_chains")
    officedoc.add_paragraph(document, LEADING_CHAINS)
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if other_chains")
    officedoc.add_paragraph(document, OTHER_CHAINS)
    tag_paragraph(document, "endif")
    _caption(document, "表2  {{ label }}各产业链{{ share_indicator }}")
    table = officedoc.add_table(document, ["产业链", "主导\n产业", "企业数", "{{ share_indicator }}", "同比\n（同口径）", "占比"],
                                widths(width, (32, 16, 22, 36, 26, 22)), size=small)
    loop_rows(table, "o in chains",
              ["{{ o.name }}", "{% if o.leading %}是{% else %}否{% endif %}", "{{ o.enterprises }}", "{{ o.amount }}",
               "{{ o.yoy }}", "{{ o.share }}"], aligns=[LEFT, CENTRE, RIGHT, RIGHT, RIGHT, RIGHT], size=small)
    officedoc.add_row(table, ["合计", "—", "{{ enterprises }}", "{{ share_total.amount }}", "{{ share_total.yoy }}",
                              "100.00%"], aligns=[CENTRE, CENTRE, RIGHT, RIGHT, RIGHT, RIGHT], size=small)
    officedoc.add_paragraph(document, "")
    _picture(document, "chains")
    _picture(document, "shares")

    officedoc.add_heading(document, "三、分园区情况")
    tag_paragraph(document, "if zones")
    officedoc.add_paragraph(document, ZONES)
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本园区未划分片区。")
    tag_paragraph(document, "endif")

    officedoc.add_heading(document, "四、重点企业")
    officedoc.add_paragraph(document, TOP)
    for number, (rows, heading) in enumerate((("top", "前"), ("bottom", "后")), start=3):
        _caption(document, f"表{number}  {{{{ label }}}}{{{{ share_indicator }}}}{heading}{{{{ {rows}|length }}}}位企业")
        table = officedoc.add_table(document, ["排名", "企业名称", "{{ share_indicator }}", "同比\n（同口径）"],
                                    widths(width, (14, 74, 34, 32)), size=small)
        loop_rows(table, f"e in {rows}", ["{{ e.rank }}", "{{ e.name }}", "{{ e.amount }}", "{{ e.yoy }}"],
                  aligns=[CENTRE, LEFT, RIGHT, RIGHT], size=small)
        officedoc.add_paragraph(document, "")

    officedoc.add_paragraph(document, "{{ close_note }}")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "{{ no_data }}")
    tag_paragraph(document, "endif")
    officedoc.add_signature(document, "{{ issuer }}", "{{ today }}")
    sources_appendix(document)
    return officedoc.to_bytes(document)
