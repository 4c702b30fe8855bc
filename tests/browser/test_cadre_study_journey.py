"""On a 360 px phone: staff follow the workbench's count of missing reading notes to the notes
page, look at another month, read a note and download the ledger; a mistyped and a future month
get a message. Staff reset a resident's password and print the slip."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from community import roles
from community.models import Community, Resident, Street, User
from schools.cadres import previous_month
from schools.models import AssignmentCompletion, Cadre, CentralGroupStudy, StudyAssignment
from tests.browser.conftest import SCREENSHOTS
from tests.browser.navigation import PASSWORD, log_in

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 740}
NOTES = "/staff/cadres/notes/"


@pytest.fixture
def study(migration_data):
    """This month: a study on its first day attended by 甲 乙 丙 (甲 handed in his note) and an
    assignment 丙 has not done; last month: a study with 乙's note. Twelve other cadres."""
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    staff = User.objects.create_user(
        mobile="13700000010", name="街道管理员", password=PASSWORD, is_staff=True
    )
    staff.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    login = User.objects.create_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    Resident.objects.create(name="王秀英", mobile="13812345678", community=community, user=login)
    this_month = timezone.localdate().replace(day=1)
    last_month = previous_month(this_month)
    jia, yi, bing = (
        Cadre.objects.create(name=name, department="党政办公室", position="科员")
        for name in ["甲建国", "乙秀英", "丙志明"]
    )
    others = [Cadre.objects.create(name=f"干部{n:02d}", department="社区管理科") for n in range(12)]
    now = CentralGroupStudy.objects.create(date=this_month, topic="依法行政", mode="self")
    now.attendees.set([jia, yi, bing])
    now.notes.create(cadre=jia, text="学习依法行政的体会：\n依法办事，服务群众。")
    before = CentralGroupStudy.objects.create(
        date=last_month.replace(day=15), topic="权力观教育", mode="concentrated"
    )
    before.attendees.set([yi])
    before.notes.create(cadre=yi, text="正确行使权力。")
    assignment = StudyAssignment.objects.create(month=this_month, title="本月学习：依法行政")
    for cadre in [jia, yi, *others]:
        AssignmentCompletion.objects.create(
            assignment=assignment, cadre=cadre, completed_on=timezone.localdate()
        )
    return {"this_month": this_month, "last_month": last_month}


def shoot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def fits(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"scrolls sideways by {overflow}px"


def test_staff_see_who_has_not_handed_in_this_months_note_on_a_phone(page, study, tmp_path):
    page.set_viewport_size(NARROW)
    log_in(page, "13700000010")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    waiting = page.locator(f'.workbench-waiting a[href="{NOTES}"]')
    expect(waiting).to_have_count(1)
    item = page.locator(".workbench-waiting li", has=page.locator(f'a[href="{NOTES}"]'))
    expect(item.locator(".badge")).to_have_text("2")
    expect(page.locator(f'.workbench-tools a[href="{NOTES}"]')).to_have_count(1)
    waiting.click()

    expect(page.locator("input[name=month]")).to_have_value(f"{study['this_month']:%Y-%m}")
    rows = page.locator("table.cadre-month tbody tr")
    expect(rows).to_have_count(15)
    # The two who owe a note first (丙 owes the assignment too), then the rest.
    expect(rows.nth(0).locator("th")).to_contain_text("丙志明")
    expect(rows.nth(1).locator("th")).to_contain_text("乙秀英")
    expect(rows.nth(0).locator(".badge.text-bg-danger")).to_have_count(2)
    expect(rows.nth(1).locator(".badge.text-bg-danger")).to_have_count(1)
    expect(page.locator(".cadre-month-counts li")).to_have_count(3)
    fits(page)
    shoot(page, "cadre-notes-this-month-360")

    with page.expect_download() as download:
        page.locator('a[href*="notes.xlsx"]').click()
    path = tmp_path / "notes.xlsx"
    download.value.save_as(path)
    names = [row[1] for row in load_workbook(path).active.iter_rows(min_row=3, values_only=True)]
    assert names[:2] == ["丙志明", "乙秀英"]

    page.locator("input[name=month]").fill(f"{study['last_month']:%Y-%m}")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"month={study['last_month']:%Y-%m}"))
    expect(page.locator("main")).to_contain_text("权力观教育")
    shoot(page, "cadre-notes-last-month-360")
    page.locator("table.cadre-month a", has_text="乙秀英").click()
    expect(page.locator("h1")).to_contain_text("乙秀英")
    expect(page.locator(".reading-note")).to_contain_text("正确行使权力。")
    fits(page)
    shoot(page, "cadre-note-360")

    page.goto(f"{NOTES}?month=2026-13")
    expect(page.locator("#month-error")).to_be_visible()
    expect(page.locator("input[name=month]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("table")).to_have_count(0)
    shoot(page, "cadre-notes-bad-month-360")

    future = (study["this_month"] + datetime.timedelta(days=40)).replace(day=1)
    page.goto(f"{NOTES}?month={future:%Y-%m}")
    expect(page.locator(".alert-info")).to_contain_text(f"{future:%Y-%m}")
    expect(page.locator("table")).to_have_count(0)
    shoot(page, "cadre-notes-future-month-360")


def test_staff_print_the_password_slip_and_only_the_slip_is_on_paper(page, study, live_server):
    page.set_viewport_size(NARROW)
    log_in(page, "13700000010")
    resident = Resident.objects.get(mobile="13812345678")
    page.goto(f"/admin/community/resident/{resident.pk}/password-reset/")
    page.locator("#content-main input[type=submit]").click()

    slip = page.locator(".password-slip")
    expect(slip).to_contain_text("王**")
    expect(slip).to_contain_text("13812345678")
    expect(slip).to_contain_text(f"{live_server.url}/accounts/login/")
    password = slip.locator(".one-time-password").inner_text().replace(" ", "")
    assert User.objects.get(mobile="13812345678").check_password(password)
    expect(page.locator("button[data-print]")).to_be_visible()
    fits(page)
    shoot(page, "password-slip-screen-360")

    # On paper, only the slip, on one A6 sheet: 105 × 148 mm less 6 mm margins is 351 × 514
    # CSS px. No admin header or buttons.
    page.set_viewport_size({"width": 351, "height": 514})
    page.emulate_media(media="print")
    expect(slip).to_be_visible()
    for admin_part in ["#header", ".breadcrumbs", ".submit-row", "#content h1"]:
        expect(page.locator(admin_part)).to_be_hidden()
    on_paper = page.locator("body").inner_text()
    assert "王秀英" not in on_paper and "王**" in on_paper  # the title names her in full
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 514, f"the slip is {height}px tall, more than an A6 page"
    fits(page)
    shoot(page, "password-slip-print-a6")
