"""Every public page and the main staff pages, in normal and elder mode: no serious or critical
axe-core violation, no horizontal scrolling at 360 px; a keyboard-only sign-up; screenshots."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from community import roles
from community.models import Community, Exemplar, Honour, NewsletterIssue, Resident, Street, User
from merit_register.models import Board, BoardDeed, Deed, DeedDoer
from schools.models import (
    Cadre,
    CentralGroupStudy,
    Course,
    CourseSession,
    Event,
    ReadingNote,
    School,
    Venue,
)
from tests.browser.conftest import SCREENSHOTS, verified_volunteer
from volunteers.models import (
    CheckInCode,
    Child,
    Shift,
    Station,
    Subject,
    TutoringSession,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "学习型社区-2026"
NARROW = {"width": 360, "height": 740}


@pytest.fixture
def axe_source():
    if not AXE.exists():
        reason = "axe-core is not installed (make test runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE


@pytest.fixture
def site(migration_data):
    street = Street.objects.create(
        name="测试路街道", city="测试市", district="测试区", introduction="学习型社区。"
    )
    community = Community.objects.create(street=street, name="一村社区居委会")
    school = School.objects.create(
        name="老年艺术学校", slug="senior-arts", host_institution="文化中心"
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
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    session = CourseSession.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    event = Event.objects.create(
        title="防跌倒讲座",
        kind="lecture",
        starts_at=starts,
        status="published",
        has_signup=True,
        capacity=10,
        venue=venue,
    )
    deed = Deed.objects.create(
        title="修好水管",
        story="王师傅为张桂英修好了水管。",
        date=datetime.date(2026, 5, 1),
        category="for_residents",
        beneficiary="张桂英",
        community=community,
        status="published",
    )
    DeedDoer.objects.create(deed=deed, name="王师傅")
    board = Board.objects.create(
        title="一村功德榜",
        issue_number=1,
        community=community,
        status="posted",
        location="宣传栏",
        posted_on=datetime.date(2026, 6, 1),
    )
    BoardDeed.objects.create(board=board, deed=deed, position=1)
    exemplar = Exemplar.objects.create(name="胡大顺", kind="retired_cadre", story="坚持学习。")
    Honour.objects.create(
        title="红旗党校",
        holder_kind="street",
        holder_name="街道党校",
        level="city",
        year=2026,
        awarded_by="市委组织部",
    )
    NewsletterIssue.objects.create(
        newsletter="老同志之友", number=1, date=datetime.date(2026, 1, 1), summary="养生保健"
    )
    user = User.objects.create_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    Resident.objects.create(name="王秀英", mobile="13812345678", community=community, user=user)
    cadre = Cadre.objects.create(name="余立新", department="党政办公室")
    study = CentralGroupStudy.objects.create(
        date=timezone.localdate().replace(day=1), topic="依法行政", mode="self"
    )
    study.attendees.set([cadre, Cadre.objects.create(name="吴丽萍", department="文化站")])
    note = ReadingNote.objects.create(study=study, cadre=cadre, text="依法办事，服务群众。")
    staff = User.objects.create_user(
        mobile="13700000010", name="街道管理员", password=PASSWORD, is_staff=True
    )
    staff.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    # The 爱心班 on the day: the resident is also a verified volunteer with a place today.
    station = Station.objects.create(name="景和爱心驿站", community=community)
    today = TutoringSession.objects.create(
        station=station,
        date=timezone.localdate(),
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(23, 59),
        capacity=5,
    )
    volunteer = verified_volunteer(user)
    volunteer.subjects.add(Subject.objects.get(code="maths"))
    Shift.objects.create(session=today, volunteer=volunteer, status="confirmed")
    child = Child.objects.create(
        station=station,
        name="刘小军",
        gender="boy",
        grade="四年级",
        guardian_name="刘华军",
        guardian_relation="父亲",
        consent_given_on=datetime.date(2026, 3, 1),
        consent_guardian_name="刘华军",
        consent_text_version="2026-01",
    )
    child.subjects.add(Subject.objects.get(code="maths"))
    code = CheckInCode.objects.create(session=today, token="accessibility-audit-code")
    return {
        "public": [
            "/",
            "/schools/",
            "/schools/senior-arts/",
            "/courses/",
            f"/courses/{course.pk}/",
            "/events/",
            f"/events/{event.pk}/",
            "/merit/",
            f"/merit/deeds/{deed.pk}/",
            "/merit/boards/",
            f"/merit/boards/{board.pk}/",
            f"/merit/boards/{board.pk}/poster/",
            "/aixinban/",
            "/aixinban/register/",
            "/verify/NOSUCHCODE/",
            "/showcase/",
            f"/showcase/exemplars/{exemplar.pk}/",
            "/honours/",
            "/newsletters/",
            "/about/",
            "/accounts/login/",
            "/accounts/register/",
            "/accounts/reset/",
            "/accounts/reset/code/",
            "/accounts/claim/",
            "/accounts/claim/code/",
            "/no-such-page/",
        ],
        "resident": [
            "/my/courses/",
            "/accounts/",
            "/merit/report/",
            "/my/messages/",
            "/my/messages/settings/",
            "/aixinban/saturdays/",
            "/aixinban/my/",
            "/aixinban/hours/",
            f"/aixinban/checkin/{code.token}/",
        ],
        "staff": [
            "/dashboard/",
            f"/dashboard/{timezone.localdate().year}/summary/",
            f"/dashboard/{timezone.localdate().year}/summary/edit/",
            f"/dashboard/{timezone.localdate().year}/summary/print/",
            f"/dashboard/{timezone.localdate().year + 2}/summary/",
            "/staff/courses/",
            f"/staff/courses/{course.pk}/counter/",
            f"/staff/courses/{course.pk}/message/",
            f"/staff/courses/{course.pk}/sessions/",
            f"/staff/sessions/{session.pk}/attendance/",
            "/staff/merit/boards/",
            f"/staff/merit/boards/{board.pk}/compose/",
            f"/staff/merit/boards/{board.pk}/post/",
            "/staff/merit/ledger/",
            "/staff/merit/recommendations/",
            "/staff/aixinban/",
            f"/staff/aixinban/sessions/{today.pk}/",
            f"/staff/aixinban/sessions/{today.pk}/checkin/",
            f"/staff/aixinban/sessions/{today.pk}/pairing/",
            "/staff/cadres/exams/",
            "/staff/cadres/notes/",
            "/staff/cadres/notes/?month=2026-13",
            f"/staff/cadres/notes/{note.pk}/",
            "/staff/",
            # The admin pages staff use most: the index, the main lists and their forms.
            "/admin/",
            "/admin/schools/course/",
            f"/admin/schools/course/{course.pk}/change/",
            f"/admin/schools/event/{event.pk}/change/",
            f"/admin/merit_register/deed/{deed.pk}/change/",
            f"/admin/merit_register/board/{board.pk}/change/",
            "/admin/schools/enrolment/",
            "/admin/community/resident/",
            f"/admin/community/resident/{user.resident.pk}/change/",
            "/admin/merit_register/deed/",
            "/admin/merit_register/board/",
            "/admin/volunteers/volunteer/",
            f"/admin/volunteers/volunteer/{volunteer.pk}/change/",
            "/admin/notifications/delivery/",
        ],
        "course": course,
    }


@pytest.fixture
def audit_context(browser, live_server):
    """Axe is injected as a script, so this context lets it past our Content Security Policy."""
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport=NARROW,
        bypass_csp=True,
        reduced_motion="reduce",
    )
    yield context
    context.close()


def log_in(page, mobile):
    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def set_elder_mode(context, live_server, on: bool):
    context.add_cookies(
        [{"name": "elder_mode", "value": "1" if on else "0", "url": live_server.url}]
    )


def audit(page, axe_source, url) -> list[str]:
    response = page.goto(url)
    assert response is not None
    page.add_script_tag(path=str(axe_source))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
        }"""
    )
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px at 360px")
    return found


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder-mode"])
def test_every_page_passes_axe_and_fits_360px(site, audit_context, axe_source, live_server, elder):
    set_elder_mode(audit_context, live_server, elder)
    page = audit_context.new_page()
    problems = {}
    for url in site["public"]:
        problems[url] = audit(page, axe_source, url)
    log_in(page, "13812345678")
    for url in site["resident"]:
        problems[url] = audit(page, axe_source, url)
    audit_context.clear_cookies()
    set_elder_mode(audit_context, live_server, elder)
    log_in(page, "13700000010")
    for url in site["staff"]:
        problems[url] = audit(page, axe_source, url)

    found = {url: found for url, found in problems.items() if found}
    assert found == {}, "\n".join(f"{url}: {items}" for url, items in found.items())


def test_elder_mode_is_one_tap_away_and_remembered(site, page):
    page.goto("/courses/")
    page.get_by_role("button", name="长辈模式").click()
    expect(page.locator("html")).to_have_class("elder")
    assert page.url.endswith("/courses/")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 20
    height = page.get_by_role("button", name="标准模式").bounding_box()["height"]
    assert height >= 48

    page.goto("/merit/")
    expect(page.locator("html")).to_have_class("elder")
    page.get_by_role("button", name="标准模式").click()
    expect(page.locator("html")).not_to_have_class("elder")


def tab_to(page, accessible_text: str, limit: int = 80):
    """Press Tab until the focused element's text or label contains the text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(); }"
        )
        if accessible_text in focused:
            return
    raise AssertionError(f"could not reach {accessible_text!r} with the keyboard")


def test_a_resident_signs_up_for_a_course_with_the_keyboard_alone(site, page, live_server):
    page.goto("/accounts/login/")
    tab_to(page, "跳到主要内容")
    page.keyboard.press("Enter")
    page.get_by_label("手机号").focus()
    page.keyboard.type("13812345678")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # The skip link left "#main" in the address; a redirect keeps a fragment it does not name.
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(#main)?$"))

    page.goto("/courses/")
    tab_to(page, "老年合唱团")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("老年合唱团")
    tab_to(page, "报名")
    page.keyboard.press("Enter")

    expect(page.get_by_text("报名成功，期待您的参与！")).to_be_visible()
    assert site["course"].enrolments.get().status == "confirmed"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder-mode"])
def test_screenshots_at_phone_size(site, page, live_server, elder):
    set_elder_mode(page.context, live_server, elder)
    mode = "elder" if elder else "normal"
    for name, url in [
        ("home", "/"),
        ("course-list", "/courses/"),
        ("course-page", f"/courses/{site['course'].pk}/"),
    ]:
        page.goto(url)
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}-{mode}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 0
