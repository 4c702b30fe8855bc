import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from community.models import Community
from schools import calendars, services
from schools.models import Audience, Branch, Course, Enrolment, Venue
from tests.qrcodes import dark_modules, drawn_modules
from tests.querycount import count_queries


def titles(response):
    return [course.title for course in response.context["page_obj"]]


def test_the_school_list_counts_open_courses(client, school, make_course, street):
    make_course(count=3)
    make_course(status=Course.Status.DRAFT, title="草稿课程")

    response = client.get(reverse("schools:school_list"))

    assert [(s.name, s.open_course_count) for s in response.context["schools"]] == [
        ("健康教育学校", 3)
    ]


def test_the_course_list_shows_only_published_courses(client, make_course, street):
    make_course(title="太极拳")
    make_course(title="草稿", status=Course.Status.DRAFT)
    make_course(title="已结束", status=Course.Status.CLOSED)

    assert titles(client.get(reverse("schools:course_list"))) == ["太极拳"]


def test_the_course_list_filters(client, make_course, school, community, street):
    seniors = Audience.objects.get(code="seniors")
    branch = Branch.objects.create(school=school, community=community, name="一村分校")
    taiji = make_course(title="太极拳", category=Course.Category.TASTE, branch=branch)
    taiji.audiences.add(seniors)
    make_course(title="家电维修", category=Course.Category.SKILLS, teacher="冯师傅", capacity=0)
    singing = make_course(title="合唱", category=Course.Category.ARTS, description="每周练习民歌")
    services.sessions_generate(
        course=singing,
        weekday=3,
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        first_date=datetime.date(2026, 9, 1),
        last_date=datetime.date(2026, 9, 30),
    )
    url = reverse("schools:course_list")

    assert titles(client.get(url, {"category": "skills"})) == ["家电维修"]
    assert titles(client.get(url, {"audience": "seniors"})) == ["太极拳"]
    assert titles(client.get(url, {"q": "冯"})) == ["家电维修"]
    assert titles(client.get(url, {"q": "民歌"})) == ["合唱"]
    assert titles(client.get(url, {"weekday": "3"})) == ["合唱"]
    assert titles(client.get(url, {"community": community.pk})) == ["太极拳"]
    # 合唱 met in September: over, so after the running course.
    assert titles(client.get(url, {"school": "health", "free": "on"})) == ["太极拳", "合唱"]


@pytest.mark.parametrize(
    "query",
    [
        {"category": "nonsense"},
        {"weekday": "eight"},
        {"school": "no-such-school"},
        {"community": "999999"},
        {"page": "-3"},
        {"audience": "<script>"},
        {"q": "x" * 500},
    ],
)
def test_malformed_filters_are_ignored_not_an_error(client, make_course, street, query):
    make_course(title="太极拳")

    response = client.get(reverse("schools:course_list"), query)

    assert response.status_code == 200
    if "q" not in query:
        assert titles(response) == ["太极拳"]


def test_the_course_list_costs_the_same_queries_for_5_or_500_courses(client, make_course, street):
    make_course(count=5)
    few = count_queries(client, reverse("schools:course_list"))
    make_course(count=495, title="书法")
    many = count_queries(client, reverse("schools:course_list"))

    # street, count, page of courses, the filter form's schools and committees
    assert few == many <= 5


def test_a_course_page_costs_the_same_queries_whatever_the_rows(
    resident_client, make_course, make_session, make_resident
):
    course = make_course(capacity=3)
    for days in range(1, 4):
        make_session(days_from_now=days, target=course)
    url = reverse("schools:course_detail", args=[course.pk])
    few = count_queries(resident_client, url)
    for days in range(4, 60):
        make_session(days_from_now=days, target=course)
    for _ in range(20):
        services.enrol(offering=course, resident=make_resident(), by=None)
    assert count_queries(resident_client, url) == few


def test_my_courses_costs_the_same_queries_for_few_or_many_sign_ups(
    resident_client, make_course, make_session
):
    resident = resident_client.resident
    for course in make_course(count=2):
        services.enrol(offering=course, resident=resident, by=None)
        make_session(target=course)
    few = count_queries(resident_client, reverse("schools:my_courses"))
    for course in make_course(count=30, title="书法"):
        services.enrol(offering=course, resident=resident, by=None)
        make_session(target=course)
    assert count_queries(resident_client, reverse("schools:my_courses")) == few


def test_the_admin_course_list_costs_the_same_queries_for_5_or_500_courses(
    client, make_course, street_admin
):
    client.force_login(street_admin)
    make_course(count=5)
    few = count_queries(client, reverse("admin:schools_course_changelist"))
    make_course(count=495, title="书法")
    assert count_queries(client, reverse("admin:schools_course_changelist")) == few


def test_a_resident_signs_up_sees_the_place_and_cancels(resident_client, make_course):
    course = make_course(capacity=1)
    url = reverse("schools:course_detail", args=[course.pk])
    assert "共1个名额，剩余1个" in resident_client.get(url).content.decode()

    response = resident_client.post(reverse("schools:course_enrol", args=[course.pk]), follow=True)

    page = response.content.decode()
    assert "报名成功，期待您的参与！" in page and "您已报名成功。" in page
    enrolment = Enrolment.objects.get(resident=resident_client.resident)
    response = resident_client.post(
        reverse("schools:enrolment_cancel", args=[enrolment.pk]), {"confirm": "1"}, follow=True
    )
    assert "报名已取消。" in response.content.decode()
    assert Enrolment.objects.get().status == "cancelled"


@pytest.fixture
def my_place(resident_client, make_course):
    """The resident has the only place of a course; nobody waits yet."""
    course = make_course(capacity=1)
    return services.enrol(offering=course, resident=resident_client.resident, by=None)


def cancel(client, enrolment, **data):
    return client.post(reverse("schools:enrolment_cancel", args=[enrolment.pk]), data)


def test_cancelling_my_place_first_asks_and_changes_nothing(resident_client, my_place):
    course_page = reverse("schools:course_detail", args=[my_place.course_id])

    question = cancel(resident_client, my_place, next=course_page)

    assert question.status_code == 200
    page = question.content.decode()
    assert "太极拳" in page
    assert "在还有名额时，您可以重新报名" in page
    assert 'name="confirm" value="1"' in page and f'name="next" value="{course_page}"' in page
    my_place.refresh_from_db()
    assert my_place.status == "confirmed"


def test_the_question_says_a_place_goes_to_the_waiting_list_without_naming_who(
    resident_client, my_place, make_resident
):
    services.enrol(offering=my_place.course, resident=make_resident(name="钱阿姨"), by=None)

    question = cancel(resident_client, my_place)

    page = question.content.decode()
    assert question.context["someone_moves_up"] is True
    assert "候补名单上的下一位" in page and "钱阿姨" not in page
    assert Enrolment.objects.filter(status="confirmed").get() == my_place


def test_cancelling_my_place_once_confirmed_gives_it_to_the_first_waiting(
    resident_client, my_place, make_resident
):
    waiting = services.enrol(offering=my_place.course, resident=make_resident(), by=None)
    course_page = reverse("schools:course_detail", args=[my_place.course_id])

    response = cancel(resident_client, my_place, confirm="1", next=course_page)

    assert response["Location"] == course_page
    my_place.refresh_from_db()
    waiting.refresh_from_db()
    assert (my_place.status, waiting.status) == ("cancelled", "confirmed")


def test_leaving_the_waiting_list_is_asked_with_ones_position(
    resident_client, make_course, make_resident
):
    course = make_course(capacity=1)
    services.enrol(offering=course, resident=make_resident(), by=None)
    mine = services.enrol(offering=course, resident=resident_client.resident, by=None)

    page = cancel(resident_client, mine).content.decode()

    assert "候补名单中排第1位" in page
    mine.refresh_from_db()
    assert mine.status == "waitlisted"


def test_a_waitlisted_resident_sees_their_position(resident_client, make_course, make_resident):
    course = make_course(capacity=1)
    for _ in range(2):
        services.enrol(offering=course, resident=make_resident(), by=None)

    response = resident_client.post(reverse("schools:course_enrol", args=[course.pk]), follow=True)

    page = response.content.decode()
    assert "名额已满，您已进入候补名单" in page
    assert "您在候补名单中排第2位。" in page


def test_a_refused_sign_up_says_why_in_chinese(resident_client, make_course):
    course = make_course(signup_closes=timezone.now() - datetime.timedelta(hours=1))

    response = resident_client.post(reverse("schools:course_enrol", args=[course.pk]), follow=True)

    assert "报名已截止。" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_resident_cannot_cancel_someone_elses_sign_up(resident_client, course, make_resident):
    other = services.enrol(offering=course, resident=make_resident(), by=None)

    response = resident_client.post(reverse("schools:enrolment_cancel", args=[other.pk]))

    assert response.status_code == 404
    assert Enrolment.objects.get().status == "confirmed"


def test_sign_up_needs_a_login(client, course):
    response = client.post(reverse("schools:course_enrol", args=[course.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_my_courses_shows_promotion_and_attendance(
    resident_client, make_course, make_resident, make_session, street_admin
):
    course = make_course(capacity=1)
    first = services.enrol(offering=course, resident=make_resident(), by=None)
    mine = services.enrol(offering=course, resident=resident_client.resident, by=None)
    services.enrolment_cancel(enrolment=first, by=None)
    session = make_session(days_from_now=-7, target=course)
    services.attendance_record(session=session, present=[mine.pk], by=street_admin)

    page = resident_client.get(reverse("schools:my_courses")).content.decode()

    assert "由候补递补" in page
    assert "已签到1次，共记录1次课" in page


def test_the_course_calendar_feed_parses_and_holds_the_sessions(client, course, make_session):
    sessions = [make_session(days_from_now=d) for d in (1, 8, 15)]

    response = client.get(reverse("schools:course_calendar", args=[course.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [s.starts_at for s in sessions]
    assert {str(e["summary"]) for e in events} == {"太极拳"}
    assert "文化活动中心" in str(events[0]["location"])


def test_my_calendar_feed_holds_only_confirmed_courses_and_needs_a_valid_token(
    client, make_course, make_resident, make_session
):
    resident = make_resident()
    mine, waiting = make_course(capacity=1, title="太极拳"), make_course(capacity=0, title="书法")
    services.enrol(offering=mine, resident=resident, by=None)
    services.enrol(offering=waiting, resident=resident, by=None)
    make_session(target=mine)
    make_session(target=waiting)

    token = calendars.feed_token(resident)
    response = client.get(reverse("schools:my_calendar", args=[token]))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["太极拳"]
    assert client.get(reverse("schools:my_calendar", args=[token + "x"])).status_code == 404


def test_the_event_pages_and_sign_up(resident_client, event, street):
    assert event.title in resident_client.get(reverse("schools:event_list")).content.decode()

    resident_client.post(reverse("schools:event_enrol", args=[event.pk]))

    assert Enrolment.objects.get(event=event).status == "confirmed"
    page = resident_client.get(reverse("schools:event_detail", args=[event.pk])).content.decode()
    assert "您已报名成功。" in page


def test_draft_courses_are_not_found(client, make_course):
    course = make_course(status=Course.Status.DRAFT)

    assert client.get(reverse("schools:course_detail", args=[course.pk])).status_code == 404


def test_a_community_filter_in_the_form_lists_the_committees(client, street, make_course):
    Community.objects.create(street=street, name="二村社区居委会")
    make_course()

    page = client.get(reverse("schools:course_list")).content.decode()

    assert "二村社区居委会" in page


def test_the_course_page_puts_the_sign_up_box_before_the_sessions(
    resident_client, course, make_session
):
    make_session(days_from_now=3)

    page = resident_client.get(reverse("schools:course_detail", args=[course.pk])).content.decode()

    assert page.index('class="card mb-3 signup-box"') < page.index('class="list-group mb-3 course')
    assert page.index(">报名</button>") < page.index("course-sessions")


def test_the_course_page_shows_the_venue_address_and_the_schools_phone(client, course, school):
    school.phone = "0571-88886666"
    school.save()

    page = client.get(reverse("schools:course_detail", args=[course.pk])).content.decode()

    assert "文化活动中心" in page and "景和路18号" in page
    assert '<a href="tel:0571-88886666">0571-88886666</a>' in page


def test_taking_the_last_place_says_you_are_signed_up_not_that_it_is_full(
    resident_client, make_course, make_resident
):
    course = make_course(capacity=2)
    services.enrol(offering=course, resident=make_resident(), by=None)

    response = resident_client.post(reverse("schools:course_enrol", args=[course.pk]), follow=True)

    page = response.content.decode()
    assert Enrolment.objects.get(resident=resident_client.resident).status == "confirmed"
    assert "您已报名成功。" in page
    assert "名额已满" not in page and "候补" not in page


def test_my_courses_says_where_each_session_and_event_is(
    resident_client, make_course, make_session, event, venue
):
    elsewhere = Venue.objects.create(name="社区党群服务中心", address="新华路3号")
    course = make_course()
    make_session(days_from_now=2, target=course)
    moved = make_session(days_from_now=9, target=course)
    moved.venue = elsewhere
    moved.save()
    services.enrol(offering=course, resident=resident_client.resident, by=None)
    services.enrol(offering=event, resident=resident_client.resident, by=None)

    page = resident_client.get(reverse("schools:my_courses")).content.decode()

    sessions = re.search(r'<ul class="mb-2 my-sessions">(.*?)</ul>', page, re.S).group(1)
    first, second = re.findall(r"<li>(.*?)</li>", sessions, re.S)
    assert "文化活动中心 · 景和路18号" in first
    assert "社区党群服务中心 · 新华路3号" in second
    # the event, with its own venue
    assert page.count("文化活动中心 · 景和路18号") == 2


def test_my_courses_offers_a_calendar_button_and_a_qr_code_not_the_token_as_text(
    resident_client, course
):
    services.enrol(offering=course, resident=resident_client.resident, by=None)

    page = resident_client.get(reverse("schools:my_courses")).content.decode()

    # The feed's token is signed with a timestamp: read the one this page was given.
    (token,) = re.findall(r'href="webcal://testserver/my/courses/([^/"]+)/calendar\.ics"', page)
    assert calendars.resident_from_token(token) == resident_client.resident.pk
    feed = reverse("schools:my_calendar", args=[token])
    assert drawn_modules(page) == dark_modules(f"http://testserver{feed}")
    text = re.sub(r"<[^>]*>", " ", page)
    assert token not in text
    # The Content Security Policy allows no inline script or style.
    assert "style=" not in page and "<script>" not in page


def test_the_weekly_time_reads_as_one_phrase(client, course):
    """每星期五 14:00–15:30, not 每 星期五: the word and the day are one phrase in Chinese."""
    import datetime

    from schools.models import Course

    Course.objects.filter(pk=course.pk).update(
        weekday=5, start_time=datetime.time(14), end_time=datetime.time(15, 30)
    )
    for url in [reverse("schools:course_detail", args=[course.pk]), reverse("schools:course_list")]:
        page = client.get(url).content.decode()
        assert "每星期五 14:00–15:30" in page and "每 星期五" not in page


def test_schools_are_listed_in_the_programmes_order_not_by_code_point(client, db):
    from schools.models import School

    School.objects.create(name="书画学校", slug="calligraphy", position=9)
    School.objects.create(name="健康教育学校", slug="health", position=1)
    page = client.get(reverse("schools:school_list")).content.decode()
    assert page.index("健康教育学校") < page.index("书画学校")


def test_renewing_the_calendar_address_retires_the_old_one(resident_client, course):
    resident = resident_client.resident
    services.enrol(offering=course, resident=resident, by=None)
    old = calendars.feed_token(resident)
    assert resident_client.get(reverse("schools:my_calendar", args=[old])).status_code == 200
    legacy = signing.dumps(resident.pk, salt=calendars.FEED_SALT, compress=True)
    assert calendars.resident_from_token(legacy) == resident.pk  # addresses given before keys

    assert resident_client.get(reverse("schools:my_calendar_renew")).status_code == 405
    answer = resident_client.post(reverse("schools:my_calendar_renew"), follow=True)

    assert "旧的地址不再有效" in answer.content.decode()
    for token in (old, legacy):
        assert resident_client.get(reverse("schools:my_calendar", args=[token])).status_code == 404
    new = calendars.feed_token(resident)
    assert resident_client.get(reverse("schools:my_calendar", args=[new])).status_code == 200
