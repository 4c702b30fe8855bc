import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from community import roles
from community.models import Community, Resident, Street, User
from tests.browser.conftest import SCREENSHOTS, verified_volunteer
from tests.browser.navigation import log_in
from volunteers.models import Child, Station, Subject, TutoringSession

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def station(migration_data):
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    station = Station.objects.create(name="景和爱心驿站", community=community)
    coordinator = User.objects.create_user(
        mobile="13700000005", name="驿站负责人", password=PASSWORD, is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=roles.STATION_COORDINATOR))
    station.coordinators.add(coordinator)
    child = Child.objects.create(
        station=station,
        name="刘小军",
        gender="boy",
        grade="四年级",
        guardian_name="刘华军",
        guardian_relation="父亲",
        guardian_mobile="13900001111",
        family_circumstances="父亲残疾。",
        consent_given_on=datetime.date(2026, 3, 1),
        consent_guardian_name="刘华军",
        consent_text_version="2026-01",
    )
    child.subjects.add(Subject.objects.get(code="maths"))
    TutoringSession.objects.create(
        station=station, date=timezone.localdate() + datetime.timedelta(days=4), capacity=5
    )
    return station


def test_a_volunteer_from_application_to_a_verified_certificate(page, station, screenshot):
    # A student registers a login of their own (no 居委会) and comes back to the application.
    page.goto("/aixinban/")
    page.get_by_role("link", name="志愿者注册").click()
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_label("姓名").fill("张同学")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="创建登录账号").click()
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/aixinban/apply/$"))
    expect(page.get_by_label("姓名")).to_have_value("张同学")
    page.get_by_label("学校").fill("江城大学")
    page.get_by_label("专业").fill("数学与应用数学")
    page.get_by_label("学号").fill("20240001")
    page.get_by_label("数学").check()
    page.get_by_label("我接受儿童保护承诺").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("等待驿站负责人审核").first).to_be_visible()
    assert not Resident.objects.filter(user__mobile="13812345678").exists()

    # Verifying asks for the record check; without a clear result nothing is verified.
    log_in(page, "13700000005")
    page.goto("/admin/volunteers/volunteer/")
    page.get_by_role("checkbox", name="选择此对象执行操作 - 张同学").check()
    page.get_by_label("动作").select_option(label="审核通过所选志愿者（须先查询违法犯罪记录）")
    page.get_by_role("button", name="运行").click()
    page.get_by_label("记录查询日期").fill("2026-11-20")
    page.get_by_label("有不得接触未成年人的记录").check()
    page.get_by_label("查询人").fill("景和派出所 李警官")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("只有查询结果无不良记录的志愿者才能与孩子接触。")).to_be_visible()
    page.get_by_label("无不良记录（可以接触未成年人）").check()
    screenshot("volunteer-verify-record-check")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过1人。")).to_be_visible()

    log_in(page, "13812345678")
    page.goto("/aixinban/saturdays/")
    page.get_by_role("button", name="报名", exact=True).click()
    expect(page.get_by_text("报名成功，感谢您的付出！")).to_be_visible()

    session = TutoringSession.objects.get()
    log_in(page, "13700000005")
    page.goto(f"/staff/aixinban/sessions/{session.pk}/pairing/")
    expect(page.get_by_label("刘小军的辅导志愿者")).to_have_value(
        str(User.objects.get(mobile="13812345678").volunteer.pk)
    )
    page.get_by_role("button", name="保存结对").click()
    expect(page.get_by_text("已保存1对结对。")).to_be_visible()
    # The Saturday comes and goes.
    TutoringSession.objects.filter(pk=session.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1)
    )
    page.goto(f"/staff/aixinban/sessions/{session.pk}/")
    page.get_by_label("张同学").check()
    page.get_by_role("button", name="保存签到").click()
    expect(page.get_by_text("考勤已保存")).to_be_visible()

    log_in(page, "13812345678")
    page.goto("/aixinban/my/")
    pairing = page.locator(".pairing")
    expect(pairing).to_contain_text("刘同学")
    expect(pairing).to_contain_text("四年级")
    expect(page.locator("main")).not_to_contain_text("刘小军")
    expect(page.locator("main")).not_to_contain_text("父亲残疾")
    page.get_by_label("辅导内容").fill("讲解了分数的加减法。")
    page.get_by_role("button", name="保存记录").click()
    expect(page.get_by_text("辅导记录已保存。")).to_be_visible()

    page.goto("/aixinban/hours/")
    page.get_by_role("button", name="打印志愿服务证明").click()
    code = page.locator(".certificate-code").inner_text()
    page.context.clear_cookies()
    page.goto(f"/verify/{code}/")
    expect(page.get_by_text("该证明真实有效。")).to_be_visible()
    expect(page.locator(".verified")).to_contain_text("张同学")
    expect(page.locator(".verified")).to_contain_text("2.5")


def test_a_volunteer_scans_the_coordinators_code_at_arrival_and_leaving(
    browser, page, station, live_server, screenshot
):
    """The coordinator's phone shows the code; the volunteer's own phone opens what it encodes,
    checks in, and at leaving scans the new code to check out and sees the hours."""
    from tests.qrcodes import dark_modules, drawn_modules
    from volunteers.models import CheckInCode, Shift

    now = timezone.localtime()
    starts = max(
        datetime.datetime.combine(now.date(), datetime.time(0, 0)),
        now.replace(tzinfo=None) - datetime.timedelta(hours=1),
    )
    ends = min(
        datetime.datetime.combine(now.date(), datetime.time(23, 59)),
        now.replace(tzinfo=None) + datetime.timedelta(hours=1),
    )
    session = TutoringSession.objects.create(
        station=station, date=now.date(), starts_at=starts.time(), ends_at=ends.time(), capacity=5
    )
    user = User.objects.create_user(mobile="13812345679", name="李同学", password=PASSWORD)
    volunteer = verified_volunteer(user)
    shift = Shift.objects.create(session=session, volunteer=volunteer, status="confirmed")

    log_in(page, "13700000005")
    page.goto(f"/staff/aixinban/sessions/{session.pk}/checkin/")
    qr = page.locator("#checkin-qr svg")
    expect(qr).to_be_visible()
    screenshot("checkin-coordinator-phone")

    def scanned_url() -> str:
        """What the QR on the coordinator's screen encodes: the one code whose link it draws."""
        drawn = drawn_modules(page.locator("#checkin-qr").inner_html())
        for code in CheckInCode.objects.filter(session=session):
            url = live_server.url + f"/aixinban/checkin/{code.token}/"
            if dark_modules(url) == drawn:
                return url
        raise AssertionError("the QR on the page is none of the session's codes")

    first = scanned_url()
    phone = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    own = phone.new_page()
    own.goto(first)
    own.get_by_label("手机号").fill("13812345679")
    own.get_by_label("密码").fill(PASSWORD)
    own.get_by_role("button", name="登录").click()
    own.get_by_role("button", name="现在签到").click()
    expect(own.get_by_text("已签到（")).to_be_visible()

    # The code was used: the coordinator's page shows a new one by itself.
    page.wait_for_function(
        "old => document.querySelector('#checkin-qr svg path').getAttribute('d') !== old",
        arg=qr.locator("path").get_attribute("d"),
    )
    second = scanned_url()
    assert second != first
    # The old code does not work a second time.
    own.goto(first)
    own.get_by_role("button", name="现在签退").click()
    expect(own.get_by_text("该二维码已被使用")).to_be_visible()

    # Forty minutes later the volunteer leaves.
    Shift.objects.filter(pk=shift.pk).update(
        checked_in_at=timezone.now() - datetime.timedelta(minutes=40)
    )
    own.goto(second)
    own.get_by_role("button", name="现在签退").click()
    expect(own.get_by_text("已签退，今天计入")).to_be_visible()
    shift.refresh_from_db()
    assert shift.checked_out_at is not None and shift.hours > 0
    expect(own.locator("main table")).to_contain_text(str(shift.hours))
    SCREENSHOTS.mkdir(exist_ok=True)
    own.screenshot(path=SCREENSHOTS / "checkin-volunteer-hours.png", full_page=True)
    width = own.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    phone.close()
