"""Steps that many browser tests take."""

from playwright.sync_api import Page, expect


def login(page: Page, username: str, password: str) -> None:
    """Log in through the form, as a person would; the caller asserts where that led."""
    page.goto("/login/")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def logout(page: Page) -> None:
    menu = page.get_by_role("button", name="菜单")
    if menu.is_visible():  # on a phone the button is inside the collapsed menu
        menu.click()
        # Bootstrap's collapse animates open; a click while it moves can miss the button.
        expect(page.locator("#mainnav.show:not(.collapsing)")).to_be_visible()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/**")
