"""Steps that many browser journeys share."""

import re

from playwright.sync_api import expect


def open_menu(page):
    """Open the phone menu and wait until it has finished opening."""
    page.get_by_role("button", name="打开菜单").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))


PASSWORD = "学习型社区-2026"


def log_in(page, mobile, password=PASSWORD):
    """Log in through the login page, as whoever was logged in before logs out."""
    # A request still on its way (the admin's favicon) would bring the old session cookie back.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
