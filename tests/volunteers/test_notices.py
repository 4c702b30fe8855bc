"""Volunteers hear of verification, suspension, pairing, places and Saturdays; coordinators of
applications and of attendance not marked. No message ever names a child."""

import datetime
import zoneinfo

import time_machine
from django.urls import reverse

from notifications.models import Message
from tests.notices import told
from volunteers import services
from volunteers.models import Shift, TutoringSession, Volunteer
from volunteers.notices import attendance_missing, remind_cutoff, remind_tomorrow
from volunteers.pairing import Pair

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_verifying_and_suspending_in_the_admin_tell_the_volunteer(
    client, coordinator, make_volunteer
):
    volunteer = make_volunteer(status=Volunteer.Status.APPLIED)
    client.force_login(coordinator)
    url = reverse("admin:volunteers_volunteer_changelist")
    client.post(
        url,
        {
            "action": "verify_volunteers",
            "_selected_action": [volunteer.pk],
            "confirm": "1",
            "record_checked_on": "2026-09-01",
            "record_check_result": "clear",
            "record_checked_by": "新华里派出所",
        },
    )
    client.post(url, {"action": "suspend_volunteers", "_selected_action": [volunteer.pk]})
    texts = [m.text for m in volunteer.user.messages.order_by("pk")]
    assert texts == [
        "您的志愿者申请已审核通过，欢迎加入爱心班！",
        "您的志愿者资格已暂停，如有疑问请联系驿站负责人。",
    ]


def test_an_application_tells_the_coordinators(coordinator, make_user, subjects):
    user = make_user(mobile="13500009999", name="周同学")
    services.volunteer_apply(
        user=user,
        name="周同学",
        university="江城大学",
        major="数学",
        student_number="20240001",
        mobile="13500009999",
        subjects=[subjects["maths"]],
        pledge_accepted=True,
    )
    (message,) = told("staff_volunteer_applied")
    assert message.user == coordinator
    assert message.text == "新的志愿者申请：周同学（江城大学），待审核。"


def test_pairing_tells_each_volunteer_grade_and_subject_never_the_childs_name(
    make_session, make_volunteer, make_child, coordinator
):
    session = make_session()
    volunteer = make_volunteer()
    services.shift_signup(session=session, volunteer=volunteer)
    child = make_child(name="刘小明", grade="四年级")
    pairs = [Pair(volunteer=volunteer.pk, child=child.pk, subject="maths")]
    services.pairings_save(session=session, pairs=pairs, by=coordinator)
    services.pairings_save(session=session, pairs=pairs, by=coordinator)  # same: told once
    (message,) = told("volunteer_paired")
    assert "四年级数学" in message.text and "1名学生" in message.text
    assert "刘" not in message.text
    assert not Message.objects.filter(text__contains="刘小明").exists()


def test_moved_up_from_a_saturday_waiting_list(make_session, make_volunteer, coordinator):
    session = make_session(places=1)
    first, second = make_volunteer(), make_volunteer()
    shift = services.shift_signup(session=session, volunteer=first)
    services.shift_signup(session=session, volunteer=second)
    services.shift_cancel(shift=shift, by=first.user)
    (message,) = told("promoted")
    assert message.user == second.user
    assert "爱心班" in message.text


def test_a_cancelled_saturday_tells_those_signed_up(
    client, coordinator, make_session, make_volunteer
):
    session = make_session()
    volunteer = make_volunteer()
    services.shift_signup(session=session, volunteer=volunteer)
    session = TutoringSession.objects.get(pk=session.pk)
    session.status = TutoringSession.Status.CANCELLED
    session.save()
    (message,) = told("cancelled")
    assert message.user == volunteer.user


def test_saturday_reminders_and_the_cutoff_reminder_respect_the_clock(make_session, make_volunteer):
    saturday = datetime.date(2026, 12, 5)
    session = make_session(date=saturday, places=3)
    signed, idle = make_volunteer(), make_volunteer()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        services.shift_signup(session=session, volunteer=signed)
    # The cut-off is Friday 18:00: the day before it, those not signed up are told, once.
    with time_machine.travel(datetime.datetime(2026, 12, 3, 17, 59, tzinfo=SHANGHAI), tick=False):
        assert remind_cutoff(datetime.datetime.now(SHANGHAI)) == 0
    with time_machine.travel(datetime.datetime(2026, 12, 3, 18, 0, tzinfo=SHANGHAI), tick=False):
        assert remind_cutoff(datetime.datetime.now(SHANGHAI)) == 1
        assert remind_cutoff(datetime.datetime.now(SHANGHAI)) == 0
    (cutoff,) = told("saturday_cutoff")
    assert cutoff.user == idle.user
    assert cutoff.text == "12月5日爱心班还缺志愿者，报名12月4日 18:00截止。"
    with time_machine.travel(datetime.datetime(2026, 12, 4, 18, 0, tzinfo=SHANGHAI), tick=False):
        assert remind_cutoff(datetime.datetime.now(SHANGHAI)) == 0  # closed
        assert remind_tomorrow(datetime.datetime.now(SHANGHAI)) == 1
    (reminder,) = told("saturday_reminder")
    assert reminder.user == signed.user
    assert reminder.text == "提醒：明天09:00在景和爱心驿站爱心班辅导，请准时到达。"


def test_coordinators_are_told_of_a_saturday_without_attendance(
    make_session, make_volunteer, coordinator
):
    saturday = datetime.date(2026, 11, 28)
    session = make_session(date=saturday)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=SHANGHAI), tick=False):
        services.shift_signup(session=session, volunteer=make_volunteer())
    with time_machine.travel(datetime.datetime(2026, 11, 29, 23, 59, tzinfo=SHANGHAI), tick=False):
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 0
    with time_machine.travel(datetime.datetime(2026, 11, 30, 0, 0, tzinfo=SHANGHAI), tick=False):
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 1
    (message,) = told("staff_attendance_missing")
    assert message.user == coordinator
    Shift.objects.update(status=Shift.Status.ATTENDED)
    Message.objects.all().delete()
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, tzinfo=SHANGHAI), tick=False):
        assert attendance_missing(datetime.datetime.now(SHANGHAI)) == 0


def test_a_certificate_tells_the_volunteer(make_session, make_volunteer):
    volunteer = make_volunteer()
    session = make_session(date=datetime.date(2026, 11, 28))
    Shift.objects.create(
        session=session, volunteer=volunteer, status=Shift.Status.ATTENDED, hours=2
    )
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        certificate = services.certificate_issue(volunteer=volunteer)
        services.certificate_issue(volunteer=volunteer)  # the same figures: the same certificate
    (message,) = told("certificate_issued")
    assert message.user == volunteer.user and certificate.code in message.link


def test_a_coordinator_broadcasts_to_a_saturday(client, coordinator, make_session, make_volunteer):
    session = make_session()
    volunteer = make_volunteer()
    services.shift_signup(session=session, volunteer=volunteer)
    client.force_login(coordinator)
    url = reverse("volunteers:staff_broadcast", args=[session.pk])
    assert "将发给1人" in client.post(url, {"text": "请带上笔记本"}).text
    client.post(url, {"text": "请带上笔记本", "confirm": "1"})
    (message,) = told("broadcast")
    assert message.user == volunteer.user and message.text.endswith("爱心班：请带上笔记本")
