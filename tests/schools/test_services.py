import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schools import services
from schools.models import Attendance, Course, CourseSession, Enrolment


def sign_up(course, residents):
    return [services.enrol(offering=course, resident=r, by=None) for r in residents]


def test_places_are_confirmed_until_full_then_people_wait(make_course, make_resident):
    course = make_course(capacity=2)

    enrolments = sign_up(course, [make_resident() for _ in range(4)])

    assert [e.status for e in enrolments] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    course.refresh_from_db()
    assert course.seats_taken == 2 and course.places_left == 0


def test_cancelling_a_confirmed_place_promotes_the_first_waiting(make_course, make_resident):
    course = make_course(capacity=1)
    first, second, third = sign_up(course, [make_resident() for _ in range(3)])

    promoted = services.enrolment_cancel(enrolment=first, by=None)

    assert promoted == second
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "confirmed" and second.promoted_at is not None
    assert third.status == "waitlisted"
    course.refresh_from_db()
    assert course.seats_taken == 1


def test_cancelling_a_waiting_place_promotes_nobody(make_course, make_resident):
    course = make_course(capacity=1)
    first, second = sign_up(course, [make_resident() for _ in range(2)])

    assert services.enrolment_cancel(enrolment=second, by=None) is None

    first.refresh_from_db()
    course.refresh_from_db()
    assert first.status == "confirmed" and course.seats_taken == 1


def test_cancelling_with_nobody_waiting_frees_the_place(course, make_resident):
    (only,) = sign_up(course, [make_resident()])

    services.enrolment_cancel(enrolment=only, by=None)

    course.refresh_from_db()
    assert course.seats_taken == 0
    with pytest.raises(ValidationError, match="该报名已经取消。"):
        services.enrolment_cancel(enrolment=only, by=None)


def test_the_waiting_list_reports_positions(make_course, make_resident):
    course = make_course(capacity=1)
    sign_up(course, [make_resident() for _ in range(4)])

    positions = [
        e.waitlist_position
        for e in Enrolment.objects.with_waitlist_position().filter(course=course).order_by("pk")
    ]

    assert positions == [None, 1, 2, 3]


def test_one_live_sign_up_per_resident_and_course(course, make_resident):
    resident = make_resident()
    first = services.enrol(offering=course, resident=resident, by=None)

    with pytest.raises(ValidationError, match="您已经报过名了。"):
        services.enrol(offering=course, resident=resident, by=None)

    services.enrolment_cancel(enrolment=first, by=None)
    again = services.enrol(offering=course, resident=resident, by=None)
    assert again.status == "confirmed"
    assert Enrolment.objects.live().filter(course=course, resident=resident).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": Course.Status.DRAFT}, "此项目未开放报名。"),
        ({"status": Course.Status.CLOSED}, "此项目未开放报名。"),
        ({"signup_opens": timezone.now() + datetime.timedelta(days=2)}, "报名将于"),
        ({"signup_closes": timezone.now() - datetime.timedelta(minutes=1)}, "报名已截止。"),
    ],
)
def test_sign_up_needs_a_published_course_and_an_open_window(
    make_course, make_resident, fields, message
):
    course = make_course(**fields)

    with pytest.raises(ValidationError, match=message):
        services.enrol(offering=course, resident=make_resident(), by=None)

    assert not Enrolment.objects.exists()
    course.refresh_from_db()
    assert course.seats_taken == 0


def test_sign_up_inside_the_window_is_accepted(make_course, make_resident):
    day = datetime.timedelta(days=1)
    course = make_course(signup_opens=timezone.now() - day, signup_closes=timezone.now() + day)

    assert services.enrol(offering=course, resident=make_resident(), by=None).status == "confirmed"


def test_the_age_rule_refuses_those_outside_it(make_course, make_resident):
    course = make_course(min_age=16, max_age=60)
    year = timezone.localdate().year

    assert services.enrol(offering=course, resident=make_resident(birth_year=year - 30), by=None)
    with pytest.raises(ValidationError, match="本课程面向16至60岁的居民。"):
        services.enrol(offering=course, resident=make_resident(birth_year=year - 70), by=None)
    with pytest.raises(ValidationError, match="请联系工作人员登记您的出生年份"):
        services.enrol(offering=course, resident=make_resident(birth_year=None), by=None)
    assert Enrolment.objects.count() == 1


def test_the_term_limit_is_off_by_default_and_applies_when_set(
    make_course, make_resident, settings
):
    resident = make_resident()
    courses = make_course(count=21)
    assert len({course.term for course in courses}) == 1

    signed_up = [services.enrol(offering=c, resident=resident, by=None) for c in courses[:20]]

    assert [e.status for e in signed_up] == ["confirmed"] * 20  # no limit unless one is set
    settings.SCHOOLS_COURSES_PER_TERM_LIMIT = 20
    with pytest.raises(ValidationError, match="每学期最多可报名20门课程。"):
        services.enrol(offering=courses[20], resident=resident, by=None)


def test_events_use_the_same_places_and_waiting_list(event, make_resident):
    enrolments = [services.enrol(offering=event, resident=make_resident(), by=None) for _ in "abc"]

    assert [e.status for e in enrolments] == ["confirmed", "confirmed", "waitlisted"]
    services.enrolment_cancel(enrolment=enrolments[0], by=None)
    enrolments[2].refresh_from_db()
    assert enrolments[2].status == "confirmed"


def test_an_event_without_sign_up_refuses_it(event, make_resident):
    event.has_signup = False
    event.save()

    with pytest.raises(ValidationError, match="此项目未开放报名。"):
        services.enrol(offering=event, resident=make_resident(), by=None)


def test_raising_the_capacity_moves_the_waiting_list_up(make_course, make_resident, street_admin):
    course = make_course(capacity=1)
    sign_up(course, [make_resident() for _ in range(3)])

    promoted = services.offering_resize(offering=course, capacity=3, by=street_admin)

    assert len(promoted) == 2
    course.refresh_from_db()
    assert course.seats_taken == 3
    assert not Enrolment.objects.filter(status="waitlisted").exists()


def test_the_database_refuses_overbooking_and_double_live_sign_ups(course, make_resident):
    resident = make_resident()
    services.enrol(offering=course, resident=resident, by=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(seats_taken=course.capacity + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(course=course, resident=resident, status="waitlisted")


def test_sessions_come_from_a_weekly_rule_skipping_dates(course):
    monday = datetime.date(2026, 9, 7)
    created = services.sessions_generate(
        course=course,
        weekday=3,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
        first_date=monday,
        last_date=monday + datetime.timedelta(days=27),
        skip_dates=[datetime.date(2026, 9, 16)],
    )

    days = [timezone.localtime(s.starts_at).date() for s in created]
    assert days == [datetime.date(2026, 9, d) for d in (9, 23, 30)]
    assert all(timezone.localtime(s.starts_at).hour == 9 for s in created)
    course.refresh_from_db()
    assert course.schedule_display == "星期三 09:00–10:30"

    again = services.sessions_generate(
        course=course,
        weekday=3,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
        first_date=monday,
        last_date=monday + datetime.timedelta(days=27),
    )
    assert len(again) == 1  # only the skipped Wednesday was missing
    assert CourseSession.objects.filter(course=course).count() == 4


def test_a_session_rule_that_ends_before_it_starts_is_refused(course):
    with pytest.raises(ValidationError, match="课次的结束时间必须晚于开始时间。"):
        services.sessions_generate(
            course=course,
            weekday=1,
            start_time=datetime.time(10, 0),
            end_time=datetime.time(9, 0),
            first_date=datetime.date(2026, 9, 7),
            last_date=datetime.date(2026, 9, 30),
        )
    assert not CourseSession.objects.exists()


def test_attendance_is_recorded_for_every_confirmed_person_in_one_go(
    make_course, make_resident, make_session, street_admin
):
    course = make_course(capacity=2)
    a, b, waiting = sign_up(course, [make_resident() for _ in range(3)])
    session = make_session(days_from_now=-1, target=course)
    staff = street_admin

    services.attendance_record(session=session, present=[a.pk], by=staff)
    services.attendance_record(session=session, present=[a.pk, b.pk], by=staff)

    rows = {row.enrolment_id: row.present for row in Attendance.objects.filter(session=session)}
    assert rows == {a.pk: True, b.pk: True}
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, present=[waiting.pk], by=staff)


def test_cancelling_on_someones_behalf_is_audited_and_cancelling_ones_own_is_not(
    course, make_resident, make_user, school_manager
):
    from community.models import AuditEntry

    user = make_user(mobile="13912340000")
    own = services.enrol(offering=course, resident=make_resident(user=user), by=user)
    other = services.enrol(offering=course, resident=make_resident(), by=None)
    services.enrolment_cancel(enrolment=own, by=user)
    services.enrolment_cancel(enrolment=other, by=school_manager)
    (entry,) = AuditEntry.objects.filter(action="signup_cancelled")
    assert entry.actor == school_manager and entry.target_id == str(other.pk)
