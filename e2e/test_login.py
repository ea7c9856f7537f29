"""The log-in page, seen in a real browser: Chinese, styled by Bootstrap, and leading somewhere."""

import re

from playwright.sync_api import expect

from e2e.helpers import login
from parkops.org.choices import Role
from parkops.testing.factories import PASSWORD, UserFactory

BOOTSTRAP_PRIMARY = "rgb(13, 110, 253)"  # Bootstrap 5.3's --bs-primary, #0d6efd


def test_login_page_is_chinese_and_styled_by_bootstrap(page, phone_page, screenshot):
    page.goto("/login/")

    expect(page).to_have_title(re.compile("登录"))
    expect(page.get_by_role("heading", name="园区通 · 登录")).to_be_visible()
    button = page.get_by_role("button", name="登录")
    # The colour comes from bootstrap.min.css only: it proves the stylesheet was served from
    # node_modules, not merely that the HTML names Bootstrap's classes.
    expect(button).to_have_css("background-color", BOOTSTRAP_PRIMARY)
    expect(page.get_by_label("账号")).to_have_css("border-radius", "6px")
    assert page.evaluate("typeof window.bootstrap") == "object", "bootstrap.bundle.min.js did not load"
    screenshot(page, "login-desktop")

    phone_page.goto("/login/")
    phone_button = phone_page.get_by_role("button", name="登录")
    expect(phone_button).to_have_css("background-color", BOOTSTRAP_PRIMARY)
    # On a phone the card takes the screen's width: the button is not a sliver nor wider than the screen.
    width = phone_button.bounding_box()["width"]
    assert 300 < width <= 390, width
    screenshot(phone_page, "login-phone")


def test_wrong_password_shows_the_chinese_error(page):
    UserFactory(username="duban", role=Role.SUPERVISOR)

    login(page, "duban", "not-the-password")

    expect(page).to_have_url(re.compile("/login/"))
    expect(page.get_by_role("alert")).to_contain_text("账号或密码错误")


def test_supervisor_logs_in_to_the_dashboard(page, screenshot):
    UserFactory(username="duban", display_name="李督办", role=Role.SUPERVISOR)

    login(page, "duban", PASSWORD)

    # The home page is the day's work (今日待办), the dashboard one click away.
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    expect(page.get_by_role("navigation")).to_contain_text("李督办（督办员）")
    screenshot(page, "dashboard-after-login")
