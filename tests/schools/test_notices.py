"""The schools tell people, once, by the right channels, whichever door caused it."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from community.models import AuditEntry
from notifications.models import Delivery, Message, Preference
from schools import services
from schools.models import Attendance, Course, CourseSession, Enrolment, Event, School
from schools.notices import attendance_missing, remind_tomorrow
from tests.adminforms import form_data
from tests.notices import channels, run_queue, told

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def sign_up(offering, residents):
    return [services.enrol(offering=offering, resident=r, by=None) for r in residents]


@pytest.fixture
def full_course(course, make_resident):
    """A course with one place: 张 has it, 陈 (no login, counter-made) waits."""
    course.capacity = 1
    course.save()
    first, waiting = sign_up(
        course,
        [
            make_resident(name="张阿姨", mobile="13900000001"),
            make_resident(name="陈爷爷", mobile="13900000002"),
        ],
    )
    return course, first, waiting


def assert_moved_up_told(waiting, sms_outbox):
    messages = told("promoted")
    assert [m.person_key for m in messages] == [f"resident:{waiting.resident_id}"]
    assert messages[0].text == "您已由候补转为正式报名：“太极拳”的名额已确认。"
    assert channels(messages[0]) == {"sms"}
    run_queue()
    assert sms_outbox.to("13900000002") == [messages[0].text]


@time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_moved_up_when_the_resident_cancels_on_the_public_page(
    full_course, client, make_user, sms_outbox, django_capture_on_commit_callbacks
):
    course, first, waiting = full_course
    user = make_user(mobile="13900000001")
    first.resident.user = user
    first.resident.save()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:enrolment_cancel", args=[first.pk]), {"confirm": "1"})
    assert_moved_up_told(waiting, sms_outbox)


@time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_moved_up_when_staff_cancel_in_the_admin(
    full_course, client, street_admin, sms_outbox, django_capture_on_commit_callbacks
):
    course, first, waiting = full_course
    client.force_login(street_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:schools_enrolment_changelist"),
            {"action": "cancel_enrolments", "_selected_action": [first.pk], "confirm": "1"},
        )
    assert_moved_up_told(waiting, sms_outbox)


@time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_moved_up_when_staff_raise_the_places_in_the_admin(
    full_course, client, street_admin, sms_outbox, django_capture_on_commit_callbacks
):
    course, first, waiting = full_course
    client.force_login(street_admin)
    url = reverse("admin:schools_course_change", args=[course.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(client.get(url), capacity="2"))
    assert_moved_up_told(waiting, sms_outbox)
    assert not told("promoted", person_key=f"resident:{first.resident_id}")


def test_an_event_cancelled_in_the_admin_tells_everyone_signed_up_once(
    event, client, street_admin, make_resident
):
    a, b, c = sign_up(event, [make_resident() for _ in range(3)])  # 2 places: c waits
    services.enrolment_cancel(enrolment=b, by=None)
    client.force_login(street_admin)
    url = reverse("admin:schools_event_change", args=[event.pk])
    client.post(url, form_data(client.get(url), status="cancelled"))
    client.post(url, form_data(client.get(url), title="防跌倒讲座（取消）"))
    messages = told("cancelled")
    assert sorted(m.person_key for m in messages) == sorted(
        f"resident:{e.resident_id}" for e in (a, c)
    )
    assert messages[0].text == "“防跌倒讲座”已取消，给您带来不便，敬请谅解。"


def test_a_course_cancelled_by_a_command_or_the_shell_tells_them_too(course, make_resident):
    (enrolment,) = sign_up(course, [make_resident()])
    course = Course.objects.get(pk=course.pk)
    course.status = Course.Status.CANCELLED
    course.save()
    assert [m.person_key for m in told("cancelled")] == [f"resident:{enrolment.resident_id}"]


def test_an_event_moved_in_the_admin_tells_those_signed_up_the_new_time(
    event, client, street_admin, make_resident
):
    (enrolment,) = sign_up(event, [make_resident()])
    client.force_login(street_admin)
    url = reverse("admin:schools_event_change", args=[event.pk])
    data = form_data(client.get(url))
    new_start = datetime.datetime(2027, 1, 5, 14, 30, tzinfo=SHANGHAI)
    data.update({"starts_at_0": "2027-01-05", "starts_at_1": "14:30:00"})
    client.post(url, data)
    (message,) = told("changed")
    assert message.person_key == f"resident:{enrolment.resident_id}"
    assert message.text == "“防跌倒讲座”有变动：改为1月5日 14:30在文化活动中心。"
    assert Event.objects.get(pk=event.pk).starts_at == new_start
    client.post(url, form_data(client.get(url), speaker="李医生"))  # not a time or place
    assert len(told("changed")) == 1


def test_a_session_moved_tells_the_confirmed_and_a_past_one_tells_nobody(
    course, make_session, make_resident
):
    (enrolment,) = sign_up(course, [make_resident()])
    coming = make_session(days_from_now=5)
    coming.starts_at += datetime.timedelta(hours=2)
    coming.ends_at += datetime.timedelta(hours=2)
    coming.save()
    assert [m.person_key for m in told("changed")] == [f"resident:{enrolment.resident_id}"]
    past = make_session(days_from_now=-5)
    past.starts_at += datetime.timedelta(hours=1)
    past.ends_at += datetime.timedelta(hours=1)
    past.save()
    assert len(told("changed")) == 1


@pytest.fixture
def tomorrow_morning(course, make_resident, make_user):
    """A class on 12月3日 at 09:00 with two confirmed, one of whom wants no reminders."""
    session = CourseSession.objects.create(
        course=course,
        starts_at=datetime.datetime(2026, 12, 3, 9, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2026, 12, 3, 10, tzinfo=SHANGHAI),
    )
    quiet_user = make_user(mobile="13900000009")
    Preference.objects.create(user=quiet_user, reminders=False)
    keen, quiet = sign_up(
        course,
        [make_resident(mobile="13900000008"), make_resident(mobile="13900000009", user=quiet_user)],
    )
    return session, keen, quiet


def test_a_class_is_reminded_the_day_before_once_and_not_to_those_who_opted_out(
    tomorrow_morning, sms_outbox, django_capture_on_commit_callbacks
):
    session, keen, quiet = tomorrow_morning
    with time_machine.travel(datetime.datetime(2026, 12, 1, 23, 59, tzinfo=SHANGHAI), tick=False):
        assert remind_tomorrow(datetime.datetime.now(SHANGHAI)) == 0
    with time_machine.travel(
        datetime.datetime(2026, 12, 2, 0, 0, tzinfo=SHANGHAI), tick=False
    ) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            assert remind_tomorrow(datetime.datetime.now(SHANGHAI)) == 1
            assert remind_tomorrow(datetime.datetime.now(SHANGHAI)) == 0
        (message,) = told("course_reminder")
        assert message.person_key == f"resident:{keen.resident_id}"
        assert message.text == "提醒：您报名的“太极拳”明天09:00在文化活动中心上课。"
        run_queue()
        assert sms_outbox.sent() == []  # midnight: held until 08:00
        clock.move_to(datetime.datetime(2026, 12, 2, 8, 0, 1, tzinfo=SHANGHAI))
        run_queue()
    assert sms_outbox.to("13900000008") == [message.text]
    with time_machine.travel(datetime.datetime(2026, 12, 3, 0, 0, tzinfo=SHANGHAI), tick=False):
        assert remind_tomorrow(datetime.datetime.now(SHANGHAI)) == 0  # the day itself


def test_the_reminder_command_runs_every_app(tomorrow_morning, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI), tick=False):
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(told("course_reminder")) == 1


def test_staff_are_told_two_days_after_a_class_without_attendance(
    course, make_resident, school_manager, make_user
):
    sign_up(course, [make_resident()])
    start = datetime.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI)
    session = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    other_manager = make_user(mobile="13700000077", is_staff=True)
    School.objects.create(name="法制学校", slug="law").managers.add(other_manager)
    with time_machine.travel(start + datetime.timedelta(days=2, seconds=-1), tick=False):
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 0
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 1
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 0
    (message,) = told("staff_attendance_missing")
    assert message.user == school_manager
    assert message.text == "太极拳 12月1日的考勤还没有记录。"
    assert channels(message) == set()  # staff: inbox (and e-mail when given), no SMS
    session2 = CourseSession.objects.create(
        course=course,
        starts_at=start + datetime.timedelta(hours=3),
        ends_at=start + datetime.timedelta(hours=4),
    )
    services.attendance_record(session=session2, present=[], by=school_manager)
    with time_machine.travel(start + datetime.timedelta(days=3), tick=False):
        assert Attendance.objects.filter(session=session2).exists()
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 0
    assert session.pk


def test_a_school_manager_broadcasts_with_a_preview_and_it_is_audited(
    client,
    school_manager,
    course,
    make_resident,
    make_user,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    course.capacity = 2
    course.save()
    with_login = make_user(mobile="13900000021", email="a@example.org")
    a, b, waiting = sign_up(
        course,
        [
            make_resident(mobile="13900000021", user=with_login),
            make_resident(mobile="13900000022"),
            make_resident(mobile="13900000023"),
        ],
    )
    client.force_login(school_manager)
    url = reverse("schools:staff_broadcast", args=[course.pk])
    preview = client.post(url, {"text": "下周三停课一次"})
    assert "将发给2人" in preview.text
    assert "短信：2人" in preview.text and "邮件：1人" in preview.text
    assert not Message.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"text": "下周三停课一次", "confirm": "1"})
    assert sent.status_code == 302
    messages = told("broadcast")
    assert len(messages) == 2 and messages[0].text == "太极拳：下周三停课一次"
    entry = AuditEntry.objects.get(action="message_broadcast")
    assert entry.actor == school_manager and entry.details["people"] == 2
    assert Delivery.objects.filter(channel="sms").count() == 2


def test_a_broadcast_is_refused_for_another_schools_course_and_for_an_empty_text(
    client, school_manager, make_course
):
    other = make_course(school=School.objects.create(name="法制学校", slug="law"))
    client.force_login(school_manager)
    assert (
        client.post(reverse("schools:staff_broadcast", args=[other.pk]), {"text": "x"}).status_code
        == 404
    )
    mine = make_course()
    answer = client.post(
        reverse("schools:staff_broadcast", args=[mine.pk]), {"text": "   ", "confirm": "1"}
    )
    assert answer.status_code == 200 and "请填写消息内容" in answer.text
    assert not Message.objects.exists()


def test_moved_up_from_an_event_waiting_list_is_told_once_even_if_reported_twice(
    event, make_resident
):
    a, b, waiting = sign_up(event, [make_resident() for _ in range(3)])
    services.enrolment_cancel(enrolment=a, by=None)
    assert Enrolment.objects.get(pk=waiting.pk).status == "confirmed"
    assert len(told("promoted")) == 1


def test_a_course_moved_to_another_venue_in_the_admin_tells_the_confirmed(
    course, make_session, make_resident, client, street_admin
):
    from schools.models import Venue

    (enrolment,) = sign_up(course, [make_resident()])
    session = make_session(days_from_now=3)
    hall = Venue.objects.create(name="景和会堂", address="景和路1号")
    client.force_login(street_admin)
    url = reverse("admin:schools_course_change", args=[course.pk])
    client.post(url, form_data(client.get(url), venue=str(hall.pk)))
    (message,) = told("changed")
    assert message.person_key == f"resident:{enrolment.resident_id}"
    assert message.text.endswith("在景和会堂。") and "太极拳" in message.text
    assert session.pk
