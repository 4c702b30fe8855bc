"""Time is a rule too: with a fixed clock on both sides of each boundary."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schools import services
from schools.models import Attendance, CourseSession, Enrolment, Event

SECOND = datetime.timedelta(seconds=1)


def test_event_sign_up_closes_when_the_event_starts(event, make_resident):
    with time_machine.travel(event.starts_at - SECOND, tick=False):
        assert services.enrol(offering=event, resident=make_resident(), by=None)
    with (
        time_machine.travel(event.starts_at, tick=False),
        pytest.raises(ValidationError, match="报名已截止"),
    ):
        services.enrol(offering=event, resident=make_resident(), by=None)


def test_course_sign_up_closes_when_its_last_session_begins(course, make_session, make_resident):
    make_session(days_from_now=1)
    last = make_session(days_from_now=8)

    with time_machine.travel(last.starts_at - SECOND, tick=False):
        assert services.enrol(offering=course, resident=make_resident(), by=None)
    with (
        time_machine.travel(last.starts_at, tick=False),
        pytest.raises(ValidationError, match="最后一次课已开始"),
    ):
        services.enrol(offering=course, resident=make_resident(), by=None)


def test_the_sign_up_window_opens_and_closes_on_the_minute(course, make_resident):
    opens = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    course.signup_opens, course.signup_closes = opens, opens + datetime.timedelta(days=2)
    course.save()

    for moment, allowed in [
        (opens - SECOND, False),
        (opens, True),
        (course.signup_closes - SECOND, True),
        (course.signup_closes, False),
    ]:
        with time_machine.travel(moment, tick=False):
            assert course.accepts_signups() is allowed, moment
            resident = make_resident()
            if allowed:
                services.enrol(offering=course, resident=resident, by=None)
            else:
                with pytest.raises(ValidationError):
                    services.enrol(offering=course, resident=resident, by=None)
    assert Enrolment.objects.count() == 2


def test_a_contest_held_weeks_ago_offers_no_sign_up_and_is_marked_over(client, event):
    event.starts_at = timezone.now() - datetime.timedelta(weeks=6)
    event.save()

    page = client.get(reverse("schools:event_detail", args=[event.pk])).content.decode()

    assert "已结束" in page
    assert "登录后报名" not in page and "报名</button>" not in page


def test_the_event_list_shows_what_is_coming_first_and_marks_what_is_over(
    client, event, school, venue
):
    now = timezone.now()
    common = {"kind": "lecture", "school": school, "venue": venue, "status": "published"}
    Event.objects.create(title="去年的讲座", starts_at=now - datetime.timedelta(days=300), **common)
    Event.objects.create(title="上月的讲座", starts_at=now - datetime.timedelta(days=30), **common)
    Event.objects.create(title="下月的讲座", starts_at=now + datetime.timedelta(days=30), **common)

    page = client.get(reverse("schools:event_list")).content.decode()

    order = ["防跌倒讲座", "下月的讲座", "上月的讲座", "去年的讲座"]
    assert [page.index(title) for title in order] == sorted(page.index(t) for t in order)
    assert page.count("已结束") == 2


def test_my_courses_counts_only_attendance_at_sessions_that_have_begun(
    resident_client, course, make_session, street_admin
):
    mine = services.enrol(offering=course, resident=resident_client.resident, by=None)
    past = make_session(days_from_now=-7)
    december = make_session(days_from_now=14)
    services.attendance_record(session=past, present=[mine.pk], by=street_admin)
    # A row written for a session to come (as the admin once allowed) is not counted.
    Attendance.objects.create(session=december, enrolment=mine, present=True)

    page = resident_client.get(reverse("schools:my_courses")).content.decode()

    assert "已签到1次，共记录1次课" in page
    assert CourseSession.objects.count() == 2


def test_a_finished_courses_page_says_so_and_offers_nothing(client, course, make_session):
    make_session(days_from_now=-14)

    page = client.get(reverse("schools:course_detail", args=[course.pk])).content.decode()

    assert "本课程的课次均已结束" in page and "已结束" in page
    assert "暂未安排课次" not in page and "登录后报名" not in page


def test_someone_moved_up_is_not_told_the_course_is_full(resident_client, course, make_resident):
    course.capacity = 1
    course.save()
    first = services.enrol(offering=course, resident=make_resident(), by=None)
    services.enrol(offering=course, resident=resident_client.resident, by=None)
    services.enrolment_cancel(enrolment=first, by=None)

    page = resident_client.get(reverse("schools:course_detail", args=[course.pk]))

    text = page.content.decode()
    assert "您已从候补转为正式报名" in text
    assert "名额已满" not in text
