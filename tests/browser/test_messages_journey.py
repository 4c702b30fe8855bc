"""A resident on the waiting list is moved up when another cancels, sees the unread badge in the
header on a phone, reads the message, and gets the SMS from the worker."""

import pytest
from playwright.sync_api import expect

from community.models import Community, Resident, Street, User
from schools import services
from schools.models import Course, Enrolment, School, Venue
from tests.browser.navigation import log_in
from tests.notices import run_queue

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def full_course(transactional_db, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = None  # whatever the hour the suite runs at
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    course = Course.objects.create(
        school=School.objects.create(name="老年艺术学校", slug="senior-arts"),
        venue=Venue.objects.create(name="文化活动中心", address="景和路18号"),
        title="老年合唱团",
        category="arts",
        capacity=1,
        status=Course.Status.PUBLISHED,
    )
    people = []
    for mobile, name in [("13812340001", "张阿姨"), ("13812345678", "王秀英")]:
        user = User.objects.create_user(mobile=mobile, name=name, password=PASSWORD)
        resident = Resident.objects.create(name=name, mobile=mobile, community=community, user=user)
        people.append(services.enrol(offering=course, resident=resident, by=user))
    return people


def test_moved_up_the_resident_sees_the_badge_and_reads_the_message(
    page, full_course, screenshot, sms_outbox
):
    first, waiting = full_course
    assert waiting.status == Enrolment.Status.WAITLISTED
    log_in(page, "13812345678")
    expect(page.locator(".inbox-link .badge")).to_have_count(0)

    services.enrolment_cancel(enrolment=first, by=first.resident.user)  # 张阿姨 cancels
    page.goto("/")
    badge = page.locator(".inbox-link .badge")
    expect(badge).to_be_visible()  # on a phone, outside the folded menu
    expect(badge).to_contain_text("1")
    screenshot("messages-badge-phone")

    page.locator(".inbox-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的消息")
    text = "您已由候补转为正式报名：“老年合唱团”的名额已确认。"
    expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_text("未读", exact=True)).to_be_visible()
    screenshot("messages-inbox-phone")

    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的课程")
    expect(page.locator(".inbox-link .badge")).to_have_count(0)
    expect(page.get_by_text("报名已确认").first).to_be_visible()

    run_queue()
    assert sms_outbox.to("13812345678") == [text]
    assert sms_outbox.to("13812340001") == []
