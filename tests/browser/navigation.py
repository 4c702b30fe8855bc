"""Steps that many browser journeys share."""

import re

from playwright.sync_api import expect


def open_menu(page):
    """Open the phone menu and wait until it has finished opening."""
    page.get_by_role("button", name="打开菜单").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
