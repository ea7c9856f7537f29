"""The menu and the home page are assembled from what each app declares in its site.py: every role sees
the pages it works with, in the same order as ever, and lands on the first of them; a new module joins
the menu, the demo and the report centre by declaring itself."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from parkops.org.choices import Role
from parkops.reports import registry
from parkops.site.menu import landing_for, navigation
from parkops.testing.factories import UserFactory

MENUS = {
    Role.SUPERVISOR: ["今日待办", "督办看板", "目标任务", "重点项目", "调度与统计", "招商引资", "土地与厂房", "安全生产", "经济运行", "生态环境", "信访与平安",
                      "企业诉求", "并联审批", "惠企政策", "企业库", "报告中心", "待审核", "督办计划", "导入台账", "定时推送", "回收站", "我的消息"],
    Role.REPORTER: ["今日待办", "督办看板", "目标任务", "重点项目", "我的项目", "经济运行", "并联审批", "企业库", "催办与问题", "我的报送",
                    "我的消息"],
    Role.LEADER: ["今日待办", "督办看板", "目标任务", "重点项目", "我的项目", "调度与统计", "招商引资", "本周招商", "土地与厂房", "安全生产",
                  "经济运行", "生态环境", "信访与平安", "企业诉求", "并联审批", "惠企政策", "企业库", "报告中心", "我的消息"],
    Role.VIEWER: ["今日待办", "督办看板", "目标任务", "重点项目", "调度与统计", "招商引资", "土地与厂房", "安全生产", "经济运行", "生态环境", "信访与平安",
                  "企业诉求", "并联审批", "惠企政策", "企业库", "报告中心", "我的消息"],
    Role.SYSTEM_ADMIN: ["今日待办", "单位", "人员", "用户", "推送通道", "发送记录", "定时推送", "我的消息"],
    Role.SECURITY_ADMIN: ["今日待办", "用户与角色", "我的消息"],
    Role.AUDIT_ADMIN: ["今日待办", "审计日志", "我的消息"],
    Role.ENTERPRISE: ["园企之窗", "我的消息"],  # its own page; the park's pages are not its
    "": ["今日待办", "我的消息"],  # an account still waiting for its role
}
HOMES = {
    Role.SUPERVISOR: "supervision:dashboard", Role.REPORTER: "supervision:dashboard",
    Role.LEADER: "supervision:dashboard", Role.VIEWER: "supervision:dashboard",
    Role.SYSTEM_ADMIN: "org:unit_list", Role.SECURITY_ADMIN: "org:user_list", Role.AUDIT_ADMIN: "core:audit_list",
    "": "supervision:dashboard",  # which sends the account on to wait for its role
}


def menu_of(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [label for _url_name, label in navigation(request)["nav_items"]]


@pytest.mark.parametrize("role", list(MENUS))
def test_each_role_sees_its_pages_in_the_usual_order(db, role):
    assert menu_of(UserFactory(role=role)) == MENUS[role]


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_the_first_page_it_works_with(db, role):
    assert landing_for(UserFactory(role=role)) == HOMES[role]


def test_the_home_page_is_the_persons_day_with_their_pages_beside_it(client, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("site:home")).content.decode()
    assert "<h1 class=\"h4 mb-0\">今日待办</h1>" in page
    assert f'href="{reverse("supervision:dashboard")}">督办看板</a>' in page.split('id="shortcuts"', 1)[1]


def test_nobody_logged_out_gets_a_menu(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert navigation(request) == {}


NEW_MODULE = "parkops.site.tests.newmodule"


@pytest.fixture
def new_module(settings):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, NEW_MODULE]):
        yield
    registry.collect()


def test_a_new_module_is_in_the_menu_by_declaring_itself(db, new_module):
    menu = menu_of(UserFactory(role=Role.SUPERVISOR))
    assert menu[menu.index("企业库") + 1] == "招商线索"  # order 75: between the economy and the report centre
    assert "招商线索" not in menu_of(UserFactory(role=Role.VIEWER))


def test_a_new_module_builds_its_part_of_the_demo_by_declaring_itself(db, new_module):
    out = StringIO()
    call_command("load_demo", skip=["economy"], stdout=out)
    assert "招商线索：已为德安高新技术产业园区建立3条" in out.getvalue()


def test_a_new_module_is_in_the_report_centre_by_declaring_itself(db, new_module):
    registry.collect()
    assert registry.all_types()[-1].name == "招商线索月报"
    assert [t.code for t in registry.all_types()][:2] == ["task_ledger", "supervision_bulletin"]


def test_load_demo_names_the_modules_it_can_leave_out(db):
    with pytest.raises(CommandError, match="可选：org、supervision、projects、economy、investment、land"):
        call_command("load_demo", skip=["weather"], stdout=StringIO())
