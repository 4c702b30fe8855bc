"""End-to-end tests in the system Chromium, driven by Playwright, against Django's live server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).parent / "screenshots"


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        reason = "Chromium is not installed (apt-get install chromium fonts-wqy-microhei)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: browser tests cannot be skipped in CI.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while it runs; the ORM calls the
    # tests make meanwhile (setting up, checking and flushing data) are synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, migration_data):
    """A phone-sized page in Chinese; fails the test on any console error (a CSP refusal too)."""
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport=PHONE, reduced_motion="reduce"
    )
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and errors.append(f"{message.text} {message.location.get('url', '')}")
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and errors.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    context.close()
    assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def screenshot(page):
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


def verified_volunteer(user, **fields):
    """A verified volunteer of a user, record check and all, for the 爱心班 journeys."""
    import datetime

    from django.utils import timezone

    from volunteers.models import Volunteer

    defaults = {
        "name": user.name,
        "university": "江城大学",
        "major": "数学",
        "student_number": f"2024{user.pk:04d}",
        "mobile": user.mobile,
        "status": Volunteer.Status.VERIFIED,
        "verified_at": timezone.now(),
        "record_checked_on": datetime.date(2026, 9, 1),
        "record_check_result": "clear",
        "record_checked_by": "景和派出所",
        "pledge_signed_on": datetime.date(2026, 9, 1),
    }
    return Volunteer.objects.create(user=user, **{**defaults, **fields})
