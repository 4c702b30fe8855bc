from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from community.models import Resident
from schools import services
from schools.models import Attendance, Course, Enrolment, School
from tests.querycount import count_queries


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


def test_residents_cannot_open_staff_pages(resident_client, course, client):
    """A resident is told, on the portal's own page, that it is for staff; a visitor logs in."""
    url = reverse("schools:staff_counter", args=[course.pk])
    response = resident_client.get(url)

    assert response.status_code == 403 and "学习型社区" in response.content.decode()
    for page in [reverse("dashboard"), reverse("workbench")]:
        assert resident_client.get(page).status_code == 403
    resident_client.logout()
    visitor = resident_client.get(url)
    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/")


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


def ledger_rows(response):
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_enrolment_ledger_is_an_excel_file_with_chinese_headers(
    manager_client, make_course, make_resident
):
    course = make_course(capacity=1)
    for name in ("孙立新", "周美玲"):
        services.enrol(offering=course, resident=make_resident(name=name), by=None)

    response = manager_client.get(reverse("schools:staff_enrolments_export", args=[course.pk]))

    rows = ledger_rows(response)
    assert rows[1][:4] == ("姓名", "手机号", "居委会", "状态")
    assert [(r[0], r[3]) for r in rows[2:4]] == [("孙立新", "已确认"), ("周美玲", "候补中")]


def test_the_enrolment_ledger_opens_with_school_course_and_term_and_ends_with_totals(
    manager_client, make_course, make_resident
):
    course = make_course(capacity=2, term="2026-autumn")
    signed_up = [
        services.enrol(offering=course, resident=make_resident(), by=None) for _ in range(4)
    ]
    services.enrolment_cancel(enrolment=signed_up[0], by=None)  # the 3rd moves up, the 4th waits

    rows = ledger_rows(
        manager_client.get(reverse("schools:staff_enrolments_export", args=[course.pk]))
    )

    assert rows[0][0] == "健康教育学校 · 太极拳 · 2026年秋季学期"
    assert len(rows) == 1 + 1 + 4 + 1
    assert rows[-1][:4] == ("合计", "共4人", None, "已确认2人 · 候补1人 · 已取消1人")


def test_the_attendance_ledger_has_a_column_per_session(
    manager_client, course, make_resident, make_session, school_manager
):
    enrolment = services.enrol(offering=course, resident=make_resident(name="孙立新"), by=None)
    first, second = make_session(days_from_now=-14), make_session(days_from_now=-7)
    services.attendance_record(session=first, present=[enrolment.pk], by=school_manager)
    services.attendance_record(session=second, present=[], by=school_manager)

    response = manager_client.get(reverse("schools:staff_attendance_export", args=[course.pk]))

    rows = ledger_rows(response)
    assert len(rows[1]) == 2 + 2 + 3
    assert rows[2][0] == "孙立新" and rows[2][2:4] == ("✓", "✗")


def test_the_attendance_ledger_tells_absent_from_not_recorded_and_gives_rates_and_totals(
    manager_client, make_course, make_resident, make_session, school_manager
):
    course = make_course(term="2026-autumn")
    came, missed, new = (
        services.enrol(offering=course, resident=make_resident(name=name), by=None)
        for name in ("孙立新", "周美玲", "吴建国")
    )
    first = make_session(days_from_now=-14, target=course)
    second = make_session(days_from_now=-7, target=course)
    make_session(days_from_now=7, target=course)  # not held yet: nothing recorded
    services.attendance_record(session=first, present=[came.pk, missed.pk], by=school_manager)
    services.attendance_record(session=second, present=[came.pk], by=school_manager)
    # 吴建国 joined after the second session: recorded for neither.
    Attendance.objects.filter(enrolment=new).delete()

    response = manager_client.get(reverse("schools:staff_attendance_export", args=[course.pk]))

    rows = ledger_rows(response)
    assert rows[0][0] == "健康教育学校 · 太极拳 · 2026年秋季学期"
    assert rows[1][-3:] == ("出勤次数", "记录次数", "出勤率")
    people = {row[0]: row[2:] for row in rows[2:5]}
    assert people["孙立新"] == ("✓", "✓", None, 2, 2, 1.0)
    assert people["周美玲"][:5] == ("✓", "✗", None, 1, 2)
    assert people["周美玲"][5] == pytest.approx(0.5)
    assert people["吴建国"] == (None, None, None, 0, 0, None)
    total = rows[5]
    assert total[:2] == ("合计", "共3人")
    assert total[2:7] == (2, 1, None, 3, 4) and total[7] == pytest.approx(0.75)
    book = load_workbook(BytesIO(response.content))
    assert book.active.cell(row=3, column=8).number_format == "0.0%"
    assert "✗" in rows[-1][0] and "缺席" in rows[-1][0]


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


# --- The counter: who is in, cancelling on someone's behalf, and duplicate residents ---------


def counter_url(course):
    return reverse("schools:staff_counter", args=[course.pk])


def cancel_url(enrolment):
    return reverse("schools:staff_counter_cancel", args=[enrolment.course_id, enrolment.pk])


@pytest.fixture
def full_course(make_course, make_resident):
    """Two places: 王大爷 and 李阿婆 have them; 赵师傅 then 钱阿姨 wait."""
    course = make_course(capacity=2)
    people = [
        services.enrol(offering=course, resident=make_resident(name=name), by=None)
        for name in ("王大爷", "李阿婆", "赵师傅", "钱阿姨")
    ]
    return course, people


def test_the_counter_lists_who_is_signed_up_and_who_waits_in_order(manager_client, full_course):
    course, (wang, li, zhao, qian) = full_course
    services.enrolment_cancel(enrolment=li, by=None)  # 赵师傅 moves up; cancelled: not listed

    response = manager_client.get(counter_url(course))

    assert response.context["confirmed"] == [wang, zhao]
    assert response.context["waiting"] == [qian]
    page = response.content.decode()
    assert page.index("王大爷") < page.index("赵师傅") < page.index("钱阿姨")
    assert "李阿婆" not in page
    assert cancel_url(wang) in page and cancel_url(qian) in page


def test_the_counter_costs_the_same_queries_for_a_few_or_many_sign_ups(
    manager_client, make_course, make_resident
):
    course = make_course(capacity=3)

    def sign_up(count):
        for _ in range(count):
            services.enrol(offering=course, resident=make_resident(), by=None)

    sign_up(2)
    few = count_queries(manager_client, counter_url(course))
    sign_up(20)
    assert count_queries(manager_client, counter_url(course)) == few


def test_cancelling_at_the_counter_first_asks_and_names_who_gets_the_place(
    manager_client, full_course
):
    course, (wang, li, zhao, qian) = full_course

    question = manager_client.post(cancel_url(wang))

    assert question.status_code == 200
    page = question.content.decode()
    assert "王大爷" in page and "赵师傅" in page and "钱阿姨" not in page
    assert 'name="confirm" value="1"' in page
    statuses = dict(Enrolment.objects.values_list("resident__name", "status"))
    assert statuses == {
        "王大爷": "confirmed",
        "李阿婆": "confirmed",
        "赵师傅": "waitlisted",
        "钱阿姨": "waitlisted",
    }


def test_cancelling_at_the_counter_once_confirmed_moves_the_waiting_list_up(
    manager_client, full_course
):
    course, (wang, li, zhao, qian) = full_course

    response = manager_client.post(cancel_url(wang), {"confirm": "1"}, follow=True)

    assert response.redirect_chain == [(counter_url(course), 302)]
    statuses = dict(Enrolment.objects.values_list("resident__name", "status"))
    assert statuses == {
        "王大爷": "cancelled",
        "李阿婆": "confirmed",
        "赵师傅": "confirmed",
        "钱阿姨": "waitlisted",
    }
    assert response.context["confirmed"] == [li, zhao]
    shown = [str(m) for m in response.context["messages"]]
    assert any("王大爷" in m for m in shown) and any("赵师傅" in m for m in shown)


def test_cancelling_someone_waiting_at_the_counter_says_they_leave_the_list(
    manager_client, full_course
):
    course, (wang, li, zhao, qian) = full_course

    question = manager_client.post(cancel_url(zhao)).content.decode()
    assert "赵师傅" in question and "钱阿姨" not in question

    manager_client.post(cancel_url(zhao), {"confirm": "1"})
    zhao.refresh_from_db()
    qian.refresh_from_db()
    assert (zhao.status, qian.status) == ("cancelled", "waitlisted")


def test_cancelling_at_the_counter_is_post_only_and_for_ones_own_courses(
    manager_client, full_course, other_course, make_resident
):
    course, (wang, *_rest) = full_course
    theirs = services.enrol(offering=other_course, resident=make_resident(), by=None)
    forged = reverse("schools:staff_counter_cancel", args=[course.pk, theirs.pk])

    assert manager_client.get(cancel_url(wang)).status_code == 405
    assert manager_client.post(cancel_url(theirs), {"confirm": "1"}).status_code == 404
    assert manager_client.post(forged, {"confirm": "1"}).status_code == 404
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"confirmed", "waitlisted"}


def test_a_sign_up_cancelled_meanwhile_is_not_cancelled_twice(manager_client, full_course):
    course, (wang, *_rest) = full_course
    services.enrolment_cancel(enrolment=wang, by=None)

    for data in ({}, {"confirm": "1"}):
        response = manager_client.post(cancel_url(wang), data, follow=True)
        assert response.redirect_chain == [(counter_url(course), 302)]
        assert "该报名已经取消。" in [str(m) for m in response.context["messages"]]
    assert Enrolment.objects.filter(status="confirmed").count() == 2


def record(client, course, **fields):
    data = {"create": "1", "name": "王大爷", "mobile": "", "community": "", **fields}
    return client.post(counter_url(course), data)


def test_recording_a_resident_whose_name_staff_know_asks_whether_it_is_them(
    manager_client, full_course, community
):
    course, (wang, *_rest) = full_course

    response = record(manager_client, course, community=community.pk)

    page = response.content.decode()
    assert response.status_code == 200
    assert "已有同名/同号居民：王大爷" in page and "是否就是这位？" in page
    assert response.context["alike"].residents == [wang.resident]
    assert Resident.objects.filter(name="王大爷").count() == 1
    assert Enrolment.objects.count() == 4


def test_recording_a_resident_with_a_known_mobile_number_asks_too(
    manager_client, course, make_resident, community
):
    known = make_resident(name="李桂英", mobile="13998765432")  # not yet a learner here

    response = record(
        manager_client, course, name="李桂芳", mobile="13998765432", community=community.pk
    )

    assert response.context["alike"].residents == [known]
    assert not Resident.objects.filter(name="李桂芳").exists()


def test_staff_pick_the_resident_they_already_know_instead(manager_client, full_course, community):
    course, (wang, *_rest) = full_course
    waiting_lady = Resident.objects.create(name="孙阿姨", community=community)
    services.enrol(offering=course, resident=waiting_lady, by=None)
    services.enrolment_cancel(enrolment=Enrolment.objects.get(resident=waiting_lady), by=None)

    asked = record(manager_client, course, name="孙阿姨", community=community.pk)
    assert asked.context["alike"].residents == [waiting_lady]
    manager_client.post(counter_url(course), {"resident": waiting_lady.pk})

    assert Resident.objects.filter(name="孙阿姨").count() == 1
    assert Enrolment.objects.live().filter(resident=waiting_lady).exists()


def test_staff_say_it_is_someone_else_and_the_new_resident_is_recorded(
    manager_client, full_course, community
):
    course, (wang, *_rest) = full_course
    asked = record(manager_client, course, community=community.pk, birth_year="1950")
    page = asked.content.decode()
    assert 'name="someone_else" value="1"' in page and 'value="1950"' in page

    response = record(
        manager_client, course, community=community.pk, birth_year="1950", someone_else="1"
    )

    assert response.status_code == 302
    second = Resident.objects.filter(name="王大爷").exclude(pk=wang.resident_id).get()
    assert second.birth_year == 1950
    assert Enrolment.objects.get(resident=second).status == "waitlisted"


def test_a_namesake_only_another_school_knows_is_not_shown(
    manager_client, course, other_course, make_resident, community
):
    theirs = make_resident(name="周美玲")
    services.enrol(offering=other_course, resident=theirs, by=None)

    response = record(manager_client, course, name="周美玲", community=community.pk)

    assert response.status_code == 302
    assert Resident.objects.filter(name="周美玲").count() == 2


def test_a_school_managers_admin_filters_name_only_their_own_schools(
    client, school_manager, course, other_course
):
    client.force_login(school_manager)
    for name in ["course", "enrolment", "coursesession", "attendance"]:
        page = client.get(reverse(f"admin:schools_{name}_changelist"))
        assert page.status_code == 200, name
        assert other_course.school.name not in page.content.decode(), name
