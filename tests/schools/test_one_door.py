"""Each rule of the schools holds through the doors staff use: the admin's forms and actions, the
counter and the attendance page, not only the services."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from community.models import Resident
from schools import services
from schools.models import Attendance, Course, Enrolment, Event
from tests.adminforms import form_data


def sign_up(offering, residents):
    return [services.enrol(offering=offering, resident=r, by=None) for r in residents]


@pytest.mark.parametrize("kind", ["course", "event"])
def test_an_admin_save_from_a_stale_form_keeps_the_places_taken(
    kind, client, street_admin, course, event, make_resident
):
    offering = {"course": course, "event": event}[kind]
    offering.capacity = 2
    offering.save()
    client.force_login(street_admin)
    url = reverse(f"admin:schools_{kind}_change", args=[offering.pk])
    stale = form_data(client.get(url), title="改名之后")
    sign_up(offering, [make_resident()])  # commits while the form is open

    response = client.post(url, stale)

    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "改名之后"
    assert offering.seats_taken == 1
    sign_up(offering, [make_resident(), make_resident()])
    confirmed = Enrolment.objects.filter(status="confirmed", **{kind: offering}).count()
    assert confirmed == 2 == type(offering).objects.get(pk=offering.pk).seats_taken


def test_a_plain_save_of_a_stale_copy_never_writes_the_places_taken(course, make_resident):
    stale = Course.objects.get(pk=course.pk)
    sign_up(course, [make_resident()])

    stale.title = "太极拳（提高班）"
    stale.save()

    course.refresh_from_db()
    assert (course.title, course.seats_taken) == ("太极拳（提高班）", 1)


@pytest.mark.parametrize("kind", ["course", "event"])
def test_lowering_places_below_the_confirmed_is_a_form_error_for_courses_and_events(
    kind, client, street_admin, course, event, make_resident
):
    offering = {"course": course, "event": event}[kind]
    sign_up(offering, [make_resident(), make_resident()])
    client.force_login(street_admin)
    url = reverse(f"admin:schools_{kind}_change", args=[offering.pk])

    response = client.post(url, form_data(client.get(url), capacity="1"))

    assert response.status_code == 200
    assert "已有2个名额确认" in response.content.decode()
    assert type(offering).objects.get(pk=offering.pk).capacity == offering.capacity


@pytest.mark.parametrize("kind", ["course", "event"])
def test_raising_places_in_the_admin_fills_from_the_waiting_list(
    kind, client, street_admin, course, event, make_resident
):
    offering = {"course": course, "event": event}[kind]
    offering.capacity = 1
    offering.save()
    first, *waiting = sign_up(offering, [make_resident() for _ in range(3)])
    client.force_login(street_admin)
    url = reverse(f"admin:schools_{kind}_change", args=[offering.pk])

    response = client.post(url, form_data(client.get(url), capacity="3"), follow=True)

    assert "2人已从候补转为正式报名" in response.content.decode()
    assert not Enrolment.objects.filter(status="waitlisted").exists()
    assert type(offering).objects.get(pk=offering.pk).seats_taken == 3


def test_a_school_manager_cannot_resize_another_schools_course(
    school_manager, make_course, make_resident
):
    from schools.models import School

    other = make_course(school=School.objects.create(name="法制学校", slug="law"))

    with pytest.raises(PermissionDenied):
        services.offering_resize(offering=other, capacity=30, by=school_manager)
    assert Course.objects.get(pk=other.pk).capacity == other.capacity


def test_attendance_cannot_be_added_or_changed_in_the_admin(client, street_admin):
    client.force_login(street_admin)

    assert client.get(reverse("admin:schools_attendance_add")).status_code == 403


def test_the_counter_records_a_new_resident_and_signs_them_up_in_one_go(
    client, street_admin, course, community
):
    client.force_login(street_admin)
    url = reverse("schools:staff_counter", args=[course.pk])

    client.post(
        url,
        {"create": "1", "name": "柜台新居民", "mobile": "13911112222", "community": community.pk},
    )

    enrolment = Enrolment.objects.get(resident__name="柜台新居民")
    assert (enrolment.status, enrolment.created_by) == ("confirmed", street_admin)


def test_a_refused_counter_sign_up_records_no_resident(client, street_admin, course, community):
    course.signup_closes = timezone.now() - datetime.timedelta(days=1)
    course.save()
    client.force_login(street_admin)

    response = client.post(
        reverse("schools:staff_counter", args=[course.pk]),
        {"create": "1", "name": "柜台新居民", "mobile": "13911112222", "community": community.pk},
        follow=True,
    )

    assert "报名已截止" in response.content.decode()
    assert not Resident.objects.filter(name="柜台新居民").exists()


def test_the_counter_answers_a_malformed_resident_with_a_message(client, street_admin, course):
    client.force_login(street_admin)

    response = client.post(
        reverse("schools:staff_counter", args=[course.pk]), {"resident": "abc"}, follow=True
    )

    assert response.status_code == 200
    assert "请从搜索结果中选择一位居民" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_attendance_of_a_session_is_refused_before_it_begins_and_taken_from_its_start(
    client, street_admin, course, make_resident, make_session
):
    enrolment = sign_up(course, [make_resident()])[0]
    session = make_session(days_from_now=2)
    url = reverse("schools:staff_attendance", args=[session.pk])

    with time_machine.travel(session.starts_at - datetime.timedelta(seconds=1), tick=False):
        client.force_login(street_admin)
        page = client.get(url).content.decode()
        refused = client.post(url, {"present": [enrolment.pk]}, follow=True)
    assert "尚未开始" in page and 'name="present"' not in page
    assert "尚未开始" in refused.content.decode()
    assert not Attendance.objects.exists()

    with time_machine.travel(session.starts_at, tick=False):
        client.force_login(street_admin)
        client.post(url, {"present": [enrolment.pk]})
    assert Attendance.objects.get().present is True


def test_a_malformed_attendance_post_changes_nothing(client, street_admin, course, make_session):
    session = make_session(days_from_now=-1)
    client.force_login(street_admin)

    response = client.post(
        reverse("schools:staff_attendance", args=[session.pk]), {"present": ["abc"]}, follow=True
    )

    assert response.status_code == 200
    assert not Attendance.objects.exists()


def test_winners_are_refused_for_a_contest_still_to_come(client, street_admin, event):
    client.force_login(street_admin)
    url = reverse("admin:schools_event_change", args=[event.pk])
    data = form_data(
        client.get(url),
        **{
            "winners-TOTAL_FORMS": "1",
            "winners-0-rank": "1",
            "winners-0-name": "一村代表队",
            "winners-0-prize": "一等奖",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "竞赛举行之后才能登记获奖者" in response.content.decode()
    assert not Event.objects.get(pk=event.pk).winners.exists()


def cancel_in_the_admin(client, enrolments, **data):
    return client.post(
        reverse("admin:schools_enrolment_changelist"),
        {"action": "cancel_enrolments", "_selected_action": [e.pk for e in enrolments], **data},
    )


def test_cancelling_in_the_admin_first_asks_naming_who_moves_up(
    client, street_admin, course, make_resident
):
    course.capacity = 2
    course.save()
    wang, li, zhao, qian = sign_up(
        course, [make_resident(name=n) for n in ("王大爷", "李阿婆", "赵师傅", "钱阿姨")]
    )
    client.force_login(street_admin)

    question = cancel_in_the_admin(client, [wang, li, zhao])

    assert question.status_code == 200
    lines = question.context["items"]
    # Two places are given up; 赵师傅 is cancelled too, so both go on to 钱阿姨 and nobody else.
    assert "钱阿姨" in lines[0] and "王大爷" in lines[0]
    assert all("赵师傅" not in line for line in lines[:2]) and "钱阿姨" not in lines[1]
    assert 'name="confirm" value="1"' in question.content.decode()
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"confirmed", "waitlisted"}


def test_cancelling_in_the_admin_once_confirmed_moves_the_waiting_list_up(
    client, street_admin, course, make_resident
):
    course.capacity = 1
    course.save()
    first, waiting = sign_up(course, [make_resident(), make_resident()])
    client.force_login(street_admin)

    response = cancel_in_the_admin(client, [first], confirm="1")

    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "confirmed")
