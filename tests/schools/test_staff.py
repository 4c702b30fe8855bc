from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from community.models import Resident
from schools import services
from schools.models import Attendance, Course, Enrolment, School


@pytest.fixture
def other_course(db, venue):
    other = School.objects.create(name="法制学校", slug="law")
    return Course.objects.create(
        school=other,
        title="法律讲座",
        category=Course.Category.KNOWLEDGE,
        capacity=5,
        status=Course.Status.PUBLISHED,
    )


@pytest.fixture
def manager_client(client, school_manager):
    client.force_login(school_manager)
    return client


def test_a_school_manager_sees_only_their_schools_courses_in_the_admin(
    manager_client, course, other_course
):
    response = manager_client.get(reverse("admin:schools_course_changelist"))

    shown = list(response.context["cl"].result_list)
    assert shown == [course]
    url = reverse("admin:schools_course_change", args=[other_course.pk])
    opened = manager_client.get(url, follow=True)
    # The admin answers a row outside one's scope as if it did not exist: back to its index.
    assert opened.redirect_chain == [(reverse("admin:index"), 302)]
    assert other_course.title not in opened.content.decode()


def test_a_school_manager_gets_404_on_another_schools_staff_pages(
    manager_client, other_course, make_session
):
    session = make_session(target=other_course)
    urls = [
        reverse("schools:staff_counter", args=[other_course.pk]),
        reverse("schools:staff_sessions_generate", args=[other_course.pk]),
        reverse("schools:staff_enrolments_export", args=[other_course.pk]),
        reverse("schools:staff_attendance_export", args=[other_course.pk]),
        reverse("schools:staff_attendance", args=[session.pk]),
        reverse("schools:staff_sign_in_sheet", args=[session.pk]),
    ]

    assert [manager_client.get(url).status_code for url in urls] == [404] * len(urls)
    listed = manager_client.get(reverse("schools:staff_course_list")).context["page_obj"]
    assert other_course not in list(listed)


def test_a_street_admin_reaches_every_school(client, street_admin, course, other_course):
    client.force_login(street_admin)

    response = client.get(reverse("admin:schools_course_changelist"))

    assert set(response.context["cl"].result_list) == {course, other_course}


def test_residents_cannot_open_staff_pages(resident_client, course):
    response = resident_client.get(reverse("schools:staff_counter", args=[course.pk]))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_counter_sign_up_finds_a_resident_by_mobile_and_signs_them_up(
    manager_client, course, make_resident
):
    resident = make_resident(name="李桂英", mobile="13998765432")
    url = reverse("schools:staff_counter", args=[course.pk])

    # Not yet a learner of this school: found by the full number the person gives.
    assert list(manager_client.get(url, {"q": "1399876"}).context["results"]) == []
    found = manager_client.get(url, {"q": "13998765432"})
    assert list(found.context["results"]) == [resident]
    response = manager_client.post(url, {"resident": resident.pk}, follow=True)

    assert "李桂英报名成功。" in response.content.decode()
    enrolment = Enrolment.objects.get(resident=resident)
    assert enrolment.status == "confirmed" and enrolment.created_by.mobile == "13700000001"


def test_counter_sign_up_records_a_new_resident_without_a_login(manager_client, course, community):
    response = manager_client.post(
        reverse("schools:staff_counter", args=[course.pk]),
        {"create": "1", "name": "赵淑珍", "mobile": "", "community": community.pk},
        follow=True,
    )

    resident = Resident.objects.get(name="赵淑珍")
    assert resident.user is None
    assert Enrolment.objects.filter(resident=resident, course=course).exists()
    assert "赵淑珍报名成功。" in response.content.decode()


def test_counter_sign_up_with_bad_details_says_so_and_creates_nothing(manager_client, course):
    response = manager_client.post(
        reverse("schools:staff_counter", args=[course.pk]),
        {"create": "1", "name": "", "mobile": "12345", "community": ""},
    )

    page = response.content.decode()
    assert "请更正居民信息。" in page
    assert "请输入有效的手机号" in page
    assert not Resident.objects.exists() and not Enrolment.objects.exists()


def test_attendance_is_taken_with_one_tick_each_and_saved_at_once(
    manager_client, course, make_resident, make_session
):
    present, absent = (
        services.enrol(offering=course, resident=make_resident(), by=None) for _ in range(2)
    )
    session = make_session(days_from_now=0)
    url = reverse("schools:staff_attendance", args=[session.pk])
    assert present.resident.name in manager_client.get(url).content.decode()

    response = manager_client.post(url, {"present": [present.pk]}, follow=True)

    assert "签到已保存。" in response.content.decode()
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
        present.pk: True,
        absent.pk: False,
    }


def test_the_sign_in_sheet_lists_the_confirmed_people(
    manager_client, course, make_resident, make_session
):
    confirmed = services.enrol(offering=course, resident=make_resident(name="钱秀英"), by=None)
    session = make_session()

    page = manager_client.get(reverse("schools:staff_sign_in_sheet", args=[session.pk]))

    assert confirmed.resident.name in page.content.decode()
    assert "签到表" in page.content.decode()


def test_the_enrolment_ledger_is_an_excel_file_with_chinese_headers(
    manager_client, make_course, make_resident
):
    course = make_course(capacity=1)
    for name in ("孙立新", "周美玲"):
        services.enrol(offering=course, resident=make_resident(name=name), by=None)

    response = manager_client.get(reverse("schools:staff_enrolments_export", args=[course.pk]))

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "手机号", "居委会", "状态")
    assert [(r[0], r[3]) for r in rows[1:]] == [("孙立新", "已确认"), ("周美玲", "候补中")]


def test_the_attendance_ledger_has_a_column_per_session(
    manager_client, course, make_resident, make_session, school_manager
):
    enrolment = services.enrol(offering=course, resident=make_resident(name="孙立新"), by=None)
    first, second = make_session(days_from_now=-14), make_session(days_from_now=-7)
    services.attendance_record(session=first, present=[enrolment.pk], by=school_manager)
    services.attendance_record(session=second, present=[], by=school_manager)

    response = manager_client.get(reverse("schools:staff_attendance_export", args=[course.pk]))

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows[0]) == 4
    assert rows[1][0] == "孙立新" and rows[1][2:] == ("✓", None)


def test_sessions_are_generated_from_the_staff_page(manager_client, course):
    response = manager_client.post(
        reverse("schools:staff_sessions_generate", args=[course.pk]),
        {
            "weekday": "2",
            "start_time": "14:00",
            "end_time": "15:30",
            "first_date": "2026-09-01",
            "last_date": "2026-09-30",
            "skip_dates": "2026-09-15\n",
        },
        follow=True,
    )

    assert "已生成4个课次。" in response.content.decode()
    assert course.sessions.count() == 4


def test_a_bad_skip_date_is_explained_and_nothing_is_created(manager_client, course):
    response = manager_client.post(
        reverse("schools:staff_sessions_generate", args=[course.pk]),
        {
            "weekday": "2",
            "start_time": "14:00",
            "end_time": "15:30",
            "first_date": "2026-09-01",
            "last_date": "2026-09-30",
            "skip_dates": "9月15日",
        },
    )

    assert "“9月15日”不是有效日期" in response.content.decode()
    assert course.sessions.count() == 0


def test_lowering_the_capacity_below_the_confirmed_places_is_refused_in_the_admin(
    client, street_admin, make_course, make_resident
):
    course = make_course(capacity=2)
    for _ in range(2):
        services.enrol(offering=course, resident=make_resident(), by=None)
    client.force_login(street_admin)
    url = reverse("admin:schools_course_change", args=[course.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "audiences"}
    data.update(capacity=1, school=course.school_id, venue=course.venue_id)

    response = client.post(url, data)

    assert "已有2个名额确认" in response.content.decode()
    assert response.status_code == 200
    course.refresh_from_db()
    assert course.capacity == 2
