"""长辈模式 on a 360 px phone: no text a resident reads is smaller than 18 px, every text is set in
the Chinese font (digits included), and the certificate fits without sideways scrolling."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Community, Resident, Street, User
from schools import services as school_services
from schools.models import Audience, Course, CourseSession, Event, School, Venue
from tests.browser.navigation import PASSWORD, log_in
from volunteers.models import Certificate, Shift, Station, TutoringSession, Volunteer

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}
CHINESE_FONT = '"PingFang SC"'

# Every element holding visible text: its font size and the first font of its family. Hidden
# elements (a collapsed menu, a closed <details>, .visually-hidden) are left out.
VISIBLE_TEXT = """() => {
  const found = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || seen.has(element)) continue;
    seen.add(element);
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const style = getComputedStyle(element);
    found.push({
      element: `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`,
      text: text.slice(0, 20),
      size: parseFloat(style.fontSize),
      font: style.fontFamily.split(",")[0].trim(),
      code: element.closest("code, kbd, pre, samp") !== null,
    });
  }
  return found;
}"""


@pytest.fixture
def site(migration_data):
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    school = School.objects.create(
        name="老年艺术学校", slug="senior-arts", host_institution="文化中心", phone="0571-88886666"
    )
    venue = Venue.objects.create(name="文化活动中心", address="景和路18号")
    course = Course.objects.create(
        school=school,
        venue=venue,
        title="老年合唱团",
        category="arts",
        capacity=5,
        status="published",
        teacher="赵老师",
        description="每周练习合唱。",
    )
    course.audiences.set(Audience.objects.filter(code="seniors"))
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    for week in range(3):
        CourseSession.objects.create(
            course=course,
            starts_at=starts + datetime.timedelta(weeks=week),
            ends_at=starts + datetime.timedelta(weeks=week, hours=1),
        )
    event = Event.objects.create(
        title="防跌倒讲座",
        kind="lecture",
        starts_at=starts,
        status="published",
        venue=venue,
        has_signup=True,
        capacity=10,
    )
    user = User.objects.create_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    resident = Resident.objects.create(
        name="王秀英", mobile="13812345678", community=community, user=user
    )
    school_services.enrol(offering=course, resident=resident, by=None)
    school_services.enrol(offering=event, resident=resident, by=None)

    student = User.objects.create_user(mobile="13600200001", name="林小雨", password=PASSWORD)
    volunteer = Volunteer.objects.create(
        user=student,
        name="林小雨",
        university="江城师范大学外国语学院",
        major="英语",
        student_number="20240001",
        mobile="13600200001",
        status=Volunteer.Status.VERIFIED,
        pledge_signed_on=datetime.date(2026, 9, 1),
        verified_at=timezone.now(),
        record_checked_on=datetime.date(2026, 9, 1),
        record_check_result="clear",
        record_checked_by="派出所",
    )
    station = Station.objects.create(name="景和爱心驿站", community=community)
    saturday = TutoringSession.objects.create(
        station=station, date=timezone.localdate() - datetime.timedelta(days=8)
    )
    Shift.objects.create(session=saturday, volunteer=volunteer, status="attended", hours=2.5)
    certificate = Certificate.objects.create(
        volunteer=volunteer,
        code="92CBC524EBC3",
        hours=2.5,
        sessions=1,
        period_start=saturday.date,
        period_end=saturday.date,
        station_names=station.name,
    )
    return {"course": course, "certificate": certificate}


def set_elder_mode(page, live_server, on: bool):
    page.context.add_cookies(
        [{"name": "elder_mode", "value": "1" if on else "0", "url": live_server.url}]
    )


def text_problems(page) -> list[str]:
    problems = []
    for item in page.evaluate(VISIBLE_TEXT):
        where = f"{item['element']} “{item['text']}”"
        if item["size"] < 18:
            problems.append(f"{where} is {item['size']}px")
        if not item["code"] and item["font"] != CHINESE_FONT:
            problems.append(f"{where} is set in {item['font']}")
    return problems


def test_in_elder_mode_no_text_is_below_18px_and_all_of_it_is_in_the_chinese_font(
    site, page, live_server
):
    page.set_viewport_size(NARROW)
    public = ["/", "/courses/", f"/courses/{site['course'].pk}/"]
    problems = {}

    set_elder_mode(page, live_server, True)
    for url in public:
        page.goto(url)
        expect(page.locator("html")).to_have_class("elder")
        problems[url] = text_problems(page)
    log_in(page, "13812345678")
    set_elder_mode(page, live_server, True)
    page.goto("/my/courses/")
    problems["/my/courses/"] = text_problems(page)
    log_in(page, "13600200001")
    set_elder_mode(page, live_server, True)
    page.goto(f"/aixinban/certificate/{site['certificate'].code}/")
    expect(page.locator("html")).to_have_class("elder")
    problems["certificate"] = text_problems(page)

    assert {url: found for url, found in problems.items() if found} == {}


def test_elder_mode_enlarges_headings_badges_buttons_and_labels_as_much_as_the_text(
    site, page, live_server
):
    page.set_viewport_size(NARROW)
    size_of = "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)"
    course_page = ["body", "h1", ".badge", ".signup-box h2", ".signup-box .btn"]
    sizes = {}
    for elder in (False, True):
        set_elder_mode(page, live_server, elder)
        page.goto("/accounts/login/")
        found = {s: page.evaluate(size_of, s) for s in ["label", "input#id_username"]}
        page.goto(f"/courses/{site['course'].pk}/")
        found.update({s: page.evaluate(size_of, s) for s in course_page})
        sizes[elder] = found

    growth = sizes[True]["body"] / sizes[False]["body"]
    lagging = {
        selector: (normal, sizes[True][selector])
        for selector, normal in sizes[False].items()
        if sizes[True][selector] < growth * normal - 0.5
    }
    assert growth >= 1.15 and lagging == {}


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder-mode"])
def test_the_certificate_fits_360px_and_carries_its_qr_code_and_a_seal_area(
    site, page, live_server, elder
):
    page.set_viewport_size(NARROW)
    log_in(page, "13600200001")
    set_elder_mode(page, live_server, elder)

    page.goto(f"/aixinban/certificate/{site['certificate'].code}/")

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    qr = page.locator(".certificate svg.qr-code")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 96  # large enough for a phone camera
    expect(page.locator(".certificate .seal-area")).to_be_visible()
