"""Identity in a real browser: the security administrator's first log-in binds the second factor from
the QR code page, and a clerk changes their own password on a phone."""

import re

import pyotp
from playwright.sync_api import expect

from e2e.helpers import login, logout
from parkops.org.choices import Role
from parkops.org.models import User
from parkops.testing.factories import PASSWORD, UnitFactory, UserFactory

NEW_PASSWORD = "Lushan#2031"


def test_security_admin_binds_the_second_factor_at_the_first_log_in(page, screenshot):
    UserFactory(username="secadmin", display_name="安全员", role=Role.SECURITY_ADMIN)

    login(page, "secadmin", PASSWORD)

    expect(page).to_have_url(re.compile(r"/org/login/second-factor/$"))
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    qr = page.locator("#second-factor-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 100  # large enough for a phone's camera
    secret = page.locator("#second-factor-secret").inner_text().replace(" ", "")
    screenshot(page, "second-factor-setup")

    page.get_by_label("动态口令").fill("000000")
    page.get_by_role("button", name="绑定并登录").click()
    expect(page.get_by_text("动态口令不正确或已使用过")).to_be_visible()

    page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="绑定并登录").click()
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    expect(page.get_by_role("navigation")).to_contain_text("安全员（安全管理员）")
    assert User.objects.get(username="secadmin").totp_secret == secret

    # The next log-in asks for the code only.
    logout(page)
    login(page, "secadmin", PASSWORD)
    expect(page.locator("#second-factor-qr")).to_have_count(0)
    expect(page.get_by_text("请输入账号 secadmin 绑定的验证器")).to_be_visible()


def test_clerk_changes_their_own_password_on_a_phone(phone_page, screenshot):
    unit = UnitFactory(name="工信局")
    UserFactory(username="gxj", display_name="工信局填报员", role=Role.REPORTER, unit=unit)
    page = phone_page

    login(page, "gxj", PASSWORD)
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#mainnav.show:not(.collapsing)")).to_be_visible()
    page.get_by_role("link", name="修改密码").click()

    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label(re.compile(r"^新密码")).fill("Gxj#2031")
    page.get_by_label("再次输入新密码").fill("Gxj#2031")
    page.get_by_role("button", name="确认修改").click()
    expect(page.get_by_text("密码不能包含账号名（不区分大小写），请换一个。")).to_be_visible()
    screenshot(page, "password-change-phone")

    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label(re.compile(r"^新密码")).fill(NEW_PASSWORD)
    page.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    button = page.get_by_role("button", name="确认修改")
    assert 300 < button.bounding_box()["width"] <= 390
    button.click()

    expect(page.get_by_role("alert")).to_contain_text("密码已修改")
    logout(page)
    login(page, "gxj", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
