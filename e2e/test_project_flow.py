"""The key-project round on phones: the liaison reports the month with a site photo and raises a
problem; the leader sees the project's light and the problem, and chases the unit; the unit signs for
the chase and resolves the problem; the leader sees the chase read and the problem gone."""

import re
from datetime import date

from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.core.periods import previous_month
from parkops.org.choices import LeaderLevel, Role
from parkops.projects.choices import ProblemStatus, Stage
from parkops.projects.lights import compute_project_light
from parkops.projects.models import Problem, Project, SitePhoto
from parkops.projects.selectors import with_listing_data
from parkops.projects.tests.images import phone_jpeg
from parkops.testing.factories import (
    PASSWORD,
    ParkFactory,
    PersonFactory,
    ProjectFactory,
    StageEventFactory,
    UnitFactory,
    UserFactory,
    YearPlanFactory,
)

PROBLEM = "10KV新建线路需供电公司加快接入审批。"


def _scene():
    park = ParkFactory()
    park_office = UnitFactory(park=park, name="高新区")
    reform = UnitFactory(park=park, name="发改委")
    leader = PersonFactory(park=park, name="王晓君", level=LeaderLevel.PARK)
    UserFactory(username="lingdao", display_name="王晓君", role=Role.LEADER, person=leader, unit=park_office)
    liaison = UserFactory(username="lianluo", display_name="刘联络", role=Role.REPORTER, unit=park_office)
    UserFactory(username="fgw", display_name="发改委填报员", role=Role.REPORTER, unit=reform)
    month = previous_month(timezone.localdate())
    project = ProjectFactory(park=park, name="厦门乾照光电项目", total_investment=500000, leader=leader,
                             liaison=liaison, responsible_unit=park_office, stage=Stage.UNDER_CONSTRUCTION)
    StageEventFactory(project=project, stage=Stage.STARTED, on=date(month.year, 1, 2))
    YearPlanFactory(project=project, year=month.year, planned_investment=150000)
    return project, month


def test_liaison_reports_leader_chases_unit_resolves(phone_page: Page, screenshot, tmp_path):
    project, month = _scene()
    photo = tmp_path / "工地.jpg"
    photo.write_bytes(phone_jpeg())
    page = phone_page

    # The liaison, on a phone, reports last month with a photo and raises a problem for 发改委.
    login(page, "lianluo", PASSWORD)
    page.goto("/projects/")
    page.get_by_role("link", name="厦门乾照光电项目").click()
    page.get_by_role("link", name="报送月度进展").click()
    expect(page.get_by_label("月份")).to_have_value(f"{month:%Y-%m}")
    page.get_by_label("本月完成投资（万元）").fill("2000")
    page.get_by_label(re.compile(r"^形象进度 \*")).fill("一区、二区厂房主体工程已全部完工。")
    page.get_by_label("现场照片").set_input_files(photo)
    screenshot(page, "project-progress-phone")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已报送{month.year}年{month.month}月进展")
    expect(page.locator("img.site-photo")).to_be_visible()
    stored = SitePhoto.objects.get()
    assert max(stored.width, stored.height) <= 1920

    page.get_by_role("link", name="提出困难问题").click()
    page.get_by_label("类别").select_option(label="水电气")
    page.get_by_label("问题描述").fill(PROBLEM)
    page.get_by_label("责任单位").select_option(label="发改委")
    page.get_by_role("button", name="提出").click()
    expect(page.get_by_role("alert")).to_contain_text("已提出困难问题")
    logout(page)

    # The leader sees the project's light, why, and the problem, and chases 发改委.
    login(page, "lingdao", PASSWORD)
    page.goto("/projects/mine/")
    card = page.locator(".my-project").filter(has_text="厦门乾照光电项目")
    light = compute_project_light(with_listing_data(Project.objects.filter(pk=project.pk)).get(), today=timezone.localdate())
    expect(card.locator(".light")).to_have_text(light.label)
    expect(card).to_contain_text(light.reason)
    expect(card.locator(".problem")).to_contain_text(PROBLEM)
    card.locator(".problem summary").filter(has_text="催办发改委").click()  # the message opens, to add a word
    card.get_by_role("button", name="发送催办").click()
    expect(page.get_by_role("alert")).to_contain_text("已向发改委发出催办")
    expect(card.locator(".chase-receipt")).to_contain_text("未签收")
    screenshot(page, "leader-projects-phone")
    logout(page)

    # 发改委 opens its inbox, signs for the chase and resolves the problem.
    login(page, "fgw", PASSWORD)
    page.goto("/projects/inbox/")
    expect(page.locator(".chase").first).to_contain_text("厦门乾照光电项目")
    page.locator(".chase").first.get_by_role("button", name="签收").click()
    expect(page.get_by_role("alert")).to_contain_text("已签收“厦门乾照光电项目”的催办")
    problem_card = page.locator(".problem").filter(has_text=PROBLEM)
    problem_card.get_by_role("combobox").select_option(label="已解决")
    problem_card.get_by_label("办理结果").fill("已协调供电公司，接入方案11月批复。")
    screenshot(page, "unit-inbox-phone")
    problem_card.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert")).to_contain_text("已更新")
    assert Problem.objects.get().status == ProblemStatus.SOLVED
    logout(page)

    # The leader sees the chase read and no open problem left.
    login(page, "lingdao", PASSWORD)
    page.goto("/projects/mine/")
    card = page.locator(".my-project").filter(has_text="厦门乾照光电项目")
    expect(card.locator(".chase-receipt")).to_contain_text(re.compile(r"已于\d{4}-\d{2}-\d{2} \d{2}:\d{2}签收"))
    expect(card.locator(".problem")).to_have_count(0)
