"""The leader's and the liaison's round on a 390 px phone, through the demo park: every page they use fits
the screen (no sideways scrolling, tables read as cards rather than one character per line) and the
economy's charts keep their legends and labels apart and inside the picture.

Screenshots: artifacts/screenshots/phone-<user>-<page>.png.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.org.demo import DEMO_PASSWORD
from parkops.projects.models import Milestone, Project

PHONE_WIDTH = 390

# What a person notices on a phone, measured in the page: the page wider than the screen, a table that
# runs off its right edge, a cell so narrow that its text stands one or two characters per line.
LAYOUT_FAULTS = """() => {
  const width = document.documentElement.clientWidth;
  const faults = [];
  if (document.documentElement.scrollWidth > width) faults.push("page " + document.documentElement.scrollWidth + "px wide");
  const ruler = document.createElement("canvas").getContext("2d");
  for (const table of document.querySelectorAll("main table")) {
    if (!table.offsetParent) continue;
    const box = table.getBoundingClientRect();
    if (box.right > width + 1) faults.push("table runs to " + Math.round(box.right) + "px: " + table.innerText.slice(0, 40));
    for (const cell of table.querySelectorAll("td, th")) {
      const text = cell.innerText.trim();
      if (!text || !cell.offsetParent) continue;
      const style = getComputedStyle(cell);
      const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      ruler.font = style.font;
      const firstLine = text.split("\\n")[0].slice(0, 3);
      // Room for three characters of the cell's own text on a line (or all of it when it is shorter).
      const needed = Math.min(ruler.measureText(firstLine).width, 3 * parseFloat(style.fontSize));
      if (inner + 1 < needed) faults.push("cell " + Math.round(inner) + "px for 「" + text.slice(0, 20) + "」");
    }
  }
  return faults;
}"""

# The economy charts read through ECharts' own model: the legend's box against the category axis's labels
# below the plot, and every pie label's box against the chart's canvas.
CHART_FAULTS = """() => {
  const faults = [];
  const ruler = document.createElement("canvas").getContext("2d");
  for (const el of document.querySelectorAll("[data-economy-chart]")) {
    const chart = echarts.getInstanceByDom(el);
    const name = el.dataset.economyChart;
    const model = chart.getModel();
    const legend = model.getComponent("legend");
    const legendBox = legend && chart.getViewOfComponentModel(legend).group.getBoundingRect();
    const legendTop = legendBox && legend.get("show") !== false ? chart.getViewOfComponentModel(legend).group.y + legendBox.y : Infinity;
    const grid = model.getComponent("grid");
    if (grid) {
      const axis = model.getComponent("xAxis");
      const labels = chart.getViewOfComponentModel(axis).group.getBoundingRect();
      const axisBottom = chart.getViewOfComponentModel(axis).group.y + labels.y + labels.height;
      if (axisBottom > chart.getHeight()) faults.push(name + ": month labels cut at the bottom");
      const shown = axis.axis.getViewLabels().length, categories = axis.get("data").length;
      if (name === "grades" && shown < categories) faults.push(name + ": " + shown + " of " + categories + " classes named");
      if (axisBottom > legendTop) faults.push(name + ": legend at " + Math.round(legendTop) + " over axis labels down to " + Math.round(axisBottom));
    }
    model.eachSeriesByType("pie", function (series) {
      const data = series.getData();
      data.each(function (i) {
        const label = data.getItemGraphicEl(i) && data.getItemGraphicEl(i).getTextContent();
        if (!label || label.ignore || label.invisible) return;
        const box = label.getBoundingRect().clone();
        box.applyTransform(label.getComputedTransform());
        if (box.x < 0 || box.y < 0 || box.x + box.width > chart.getWidth() || box.y + box.height > chart.getHeight())
          faults.push(name + ": label 「" + data.getName(i) + "」 cut at the edge");
        // ECharts shortens a label that has no room to 「食品医…」: narrower than its own text.
        ruler.font = (label.style.fontSize || 12) + "px " + getComputedStyle(document.body).fontFamily;
        const widest = Math.max(...String(label.style.text || "").split("\\n").map(line => ruler.measureText(line).width));
        if (label.getBoundingRect().width < 0.9 * widest) faults.push(name + ": label 「" + data.getName(i) + "」 cut short");
        if (box.y + box.height > legendTop) faults.push(name + ": label 「" + data.getName(i) + "」 over the legend");
      });
    });
  }
  return faults;
}"""


@pytest.fixture
def demo_park(db):
    call_command("load_demo", stdout=StringIO())
    # The nodes' templates come from a data migration, which the flush after an earlier browser test
    # removes: the liaison's battery base gets the nodes the demo gives it on a fresh database.
    battery = Project.objects.get(name="维科南昌基地日产20万只铝壳电池制造基地")
    if not battery.milestones.exists():
        today = timezone.localdate()
        for position, name in enumerate(["立项备案", "环评", "开工", "竣工验收"]):
            Milestone.objects.create(project=battery, name=name, position=position,
                                     planned_on=today + timedelta(days=21 * position - 30))


def open_menu_item(page: Page, label: str) -> None:
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#mainnav.show:not(.collapsing)")).to_be_visible()
    # 我的消息 carries the unread count: "我的消息 3".
    page.locator("#mainnav").get_by_role("link", name=re.compile(rf"^{label}( \d+)?$")).click()
    page.wait_for_load_state()


def fits_the_phone(page: Page, screenshot, name: str) -> None:
    screenshot(page, name)
    faults = page.evaluate(LAYOUT_FAULTS)
    assert faults == [], name


def walk_the_round(page: Page, screenshot, who: str) -> None:
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    fits_the_phone(page, screenshot, f"phone-{who}-today")

    open_menu_item(page, "督办看板")
    expect(page.get_by_role("heading", name="督办看板")).to_be_visible()
    fits_the_phone(page, screenshot, f"phone-{who}-dashboard")

    open_menu_item(page, "目标任务")
    expect(page.locator("main table tbody tr").first).to_be_visible()
    fits_the_phone(page, screenshot, f"phone-{who}-task-list")
    page.locator("main table tbody tr a[href*='/tasks/']").first.click()
    expect(page.locator("main")).to_contain_text("进展")
    fits_the_phone(page, screenshot, f"phone-{who}-task")

    open_menu_item(page, "重点项目")
    expect(page.locator("main table tbody tr").first).to_be_visible()
    fits_the_phone(page, screenshot, f"phone-{who}-project-list")
    page.locator("main table tbody tr a[href*='/projects/']").first.click()
    expect(page.locator("main")).to_contain_text("节点")
    fits_the_phone(page, screenshot, f"phone-{who}-project")

    open_menu_item(page, "经济运行")
    expect(page.locator("[data-economy-chart] canvas")).to_have_count(3)
    fits_the_phone(page, screenshot, f"phone-{who}-economy")
    assert page.evaluate(CHART_FAULTS) == []

    open_menu_item(page, "我的消息")
    expect(page.get_by_role("heading", name="我的消息")).to_be_visible()
    fits_the_phone(page, screenshot, f"phone-{who}-messages")


def test_the_leaders_round_fits_a_phone(demo_park, phone_page: Page, screenshot):
    login(phone_page, "lingdao", DEMO_PASSWORD)
    walk_the_round(phone_page, screenshot, "leader")

    open_menu_item(phone_page, "我的项目")
    expect(phone_page.locator(".my-project").first).to_be_visible()
    fits_the_phone(phone_page, screenshot, "phone-leader-my-projects")


def test_the_liaisons_round_fits_a_phone_and_lists_the_projects_they_report_on(demo_park, phone_page: Page,
                                                                                screenshot):
    login(phone_page, "lianluo", DEMO_PASSWORD)
    walk_the_round(phone_page, screenshot, "liaison")

    open_menu_item(phone_page, "我的报送")
    fits_the_phone(phone_page, screenshot, "phone-liaison-my-reports")

    # 刘联络 is the liaison of 乾照光电 and 维科's battery base: those two are theirs to report on, and the
    # unit's other projects are one tap away rather than mixed in.
    open_menu_item(phone_page, "我的项目")
    mine = phone_page.locator(".my-project")
    expect(mine).to_have_count(2)
    expect(mine.filter(has_text="乾照光电")).to_have_count(1)
    expect(mine.filter(has_text="维科")).to_have_count(1)
    fits_the_phone(phone_page, screenshot, "phone-liaison-my-projects")

    # Their own project's page, with the forms they report through (the nodes' dates among them).
    mine.get_by_role("link", name="维科南昌基地日产20万只铝壳电池制造基地").click()
    expect(phone_page.get_by_label("开工实际完成")).to_be_visible()
    expect(phone_page.get_by_role("link", name="报送月度进展")).to_be_visible()
    fits_the_phone(phone_page, screenshot, "phone-liaison-own-project")

    phone_page.go_back()
    phone_page.get_by_role("link", name=re.compile(r"其他项目（\d+）")).click()
    expect(phone_page.get_by_role("heading", name="其他项目")).to_be_visible()
    expect(phone_page.locator(".my-project").filter(has_text="一维山微显整机基地")).to_have_count(1)
    expect(phone_page.locator(".my-project").filter(has_text="乾照光电")).to_have_count(0)
    fits_the_phone(phone_page, screenshot, "phone-liaison-other-projects")


def test_the_leader_reads_the_whole_investment_pipeline_on_a_phone(demo_park, phone_page: Page, screenshot):
    login(phone_page, "lingdao", DEMO_PASSWORD)
    open_menu_item(phone_page, "招商引资")
    columns = phone_page.locator(".pipeline-column")
    expect(columns).to_have_count(7)
    fits_the_phone(phone_page, screenshot, "phone-leader-investment")
    # Every stage one under another, none hidden to the right of a board that scrolls sideways.
    cut = phone_page.evaluate("""() => [...document.querySelectorAll('.pipeline-column')]
        .filter(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(c => c.dataset.stage)""")
    assert cut == []


def test_the_leader_reads_the_weeks_signings_and_the_contracts_in_red_on_a_phone(demo_park, phone_page: Page,
                                                                                  screenshot):
    login(phone_page, "lingdao", DEMO_PASSWORD)
    open_menu_item(phone_page, "本周招商")
    expect(phone_page.get_by_role("heading", name="本周招商")).to_be_visible()
    # The demo's projects promised to start months ago and have not: red, each with its reason.
    red = phone_page.locator("#week-red .list-group-item")
    expect(red.first).to_contain_text("未开工")
    fits_the_phone(phone_page, screenshot, "phone-leader-investment-week")
    phone_page.get_by_role("link", name="履约监管全部项目").click()
    expect(phone_page.locator("#contract-table tbody tr").first).to_be_visible()
    fits_the_phone(phone_page, screenshot, "phone-leader-contracts")
