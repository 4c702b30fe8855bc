import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from community import roles
from community.models import Community, Resident, Street, User
from schools import services
from schools.models import Attendance, Course, CourseSession, Enrolment, School, Venue
from tests.browser.navigation import log_in, open_menu

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def catalogue(transactional_db):
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    school = School.objects.create(name="老年艺术学校", slug="senior-arts")
    venue = Venue.objects.create(name="文化活动中心", address="景和路18号")
    courses = {}
    for title, category in [("老年合唱团", "arts"), ("智能手机入门", "knowledge")]:
        courses[title] = Course.objects.create(
            school=school,
            venue=venue,
            title=title,
            category=category,
            capacity=5,
            status=Course.Status.PUBLISHED,
            teacher="赵老师",
        )
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    CourseSession.objects.create(
        course=courses["老年合唱团"], starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    user = User.objects.create_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    Resident.objects.create(name="王秀英", mobile="13812345678", community=community, user=user)
    return courses


def test_a_resident_finds_a_course_on_a_phone_signs_up_and_cancels(page, catalogue, screenshot):
    log_in(page, "13812345678")

    page.goto("/courses/")
    expect(page.get_by_text("共找到2门课程")).to_be_visible()
    page.get_by_text("查找课程").click()
    page.get_by_label("类型").select_option(label="艺术型")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("共找到1门课程")).to_be_visible()
    screenshot("course-list-phone")

    page.get_by_role("link", name="老年合唱团").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("老年合唱团")
    expect(page.get_by_text("共5个名额，剩余5个")).to_be_visible()
    page.get_by_role("button", name="报名", exact=True).click()
    expect(page.get_by_text("报名成功，期待您的参与！")).to_be_visible()
    screenshot("course-page-phone")

    open_menu(page)
    page.get_by_role("link", name="我的课程").click()
    card = page.locator(".my-enrolment", has_text="老年合唱团")
    expect(card.get_by_text("报名已确认")).to_be_visible()
    card.get_by_role("button", name="取消报名").click()
    # One tap only asks: the place is still hers until she confirms.
    expect(page.get_by_role("heading", level=1)).to_have_text("确定取消“老年合唱团”的报名吗？")
    expect(page.get_by_text("在还有名额时，您可以重新报名。")).to_be_visible()
    assert Enrolment.objects.get().status == "confirmed"
    page.get_by_role("button", name="确定取消报名").click()
    expect(page.get_by_text("报名已取消。")).to_be_visible()
    expect(page.get_by_text("您还没有报名任何课程或活动。")).to_be_visible()


def test_a_staff_member_takes_attendance_on_a_phone(page, catalogue):
    course = catalogue["老年合唱团"]
    staff = User.objects.create_user(
        mobile="13700000001", name="学校管理员甲", password=PASSWORD, is_staff=True
    )
    staff.groups.add(Group.objects.get(name=roles.SCHOOL_MANAGER))
    course.school.managers.add(staff)
    people = [
        Resident.objects.create(name=name, community=Community.objects.get())
        for name in ("李桂英", "赵淑珍")
    ]
    enrolments = [services.enrol(offering=course, resident=p, by=staff) for p in people]
    session = course.sessions.get()
    # Attendance is taken on the day: the session began ten minutes ago.
    began = timezone.now() - datetime.timedelta(minutes=10)
    CourseSession.objects.filter(pk=session.pk).update(
        starts_at=began, ends_at=began + datetime.timedelta(hours=1)
    )
    log_in(page, "13700000001")

    page.goto(f"/staff/sessions/{session.pk}/attendance/")
    page.get_by_label("李桂英").check()
    page.get_by_role("button", name="保存签到").click()

    expect(page.get_by_text("签到已保存。")).to_be_visible()
    expect(page.get_by_label("李桂英")).to_be_checked()
    expect(page.get_by_label("赵淑珍")).not_to_be_checked()
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
        enrolments[0].pk: True,
        enrolments[1].pk: False,
    }
