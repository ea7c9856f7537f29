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


def pass_second_factor(page: Page) -> str:
    """An administrator's step after the password: on the first log-in bind the secret the page shows (as
    a phone would after scanning the QR code), later enter the code. Returns the secret it used."""
    import pyotp

    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    secret = page.locator("#second-factor-secret").inner_text().replace(" ", "")
    page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="绑定并登录").click()
    page.wait_for_load_state()
    return secret
