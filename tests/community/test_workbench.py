"""The 工作台: each role lists exactly its waiting work, and links only to pages it may open."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from community import roles
from merit_register.models import Board, Deed
from notifications.models import Delivery, Message
from schools import services as school_services
from schools.models import CourseSession, School
from volunteers.models import Shift, Station, TutoringSession, Volunteer


def staff(make_user, role, mobile):
    user = make_user(mobile=mobile, name=role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def waiting(page) -> dict[str, int]:
    items = re.findall(
        r'<a class="stretched-link fs-5" href="[^"]*">([^<]+)</a>\s*'
        r'<span class="badge[^"]*">(\d+)</span>',
        page.text,
    )
    return {label: int(count) for label, count in items}


def links(page) -> list[str]:
    main = page.text.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return sorted(set(re.findall(r'href="(/[^"#]*)"', main)))


@pytest.fixture
def seeded(make_user, make_resident, community):
    """Work waiting for each role: 2 sessions without attendance at 健康教育学校 (1 elsewhere),
    3 applications, 1 Saturday without attendance, 4 deeds to review, 1 draft board, 2 failed
    messages."""
    now = timezone.now()
    health = School.objects.create(name="健康教育学校", slug="health")
    law = School.objects.create(name="法制学校", slug="law")
    from schools.models import Course

    for school, sessions in [(health, 2), (law, 1)]:
        course = Course.objects.create(
            school=school,
            title=f"{school.name}课程",
            category="knowledge",
            capacity=5,
            status=Course.Status.PUBLISHED,
        )
        school_services.enrol(offering=course, resident=make_resident(), by=None)
        for n in range(sessions):
            start = now - datetime.timedelta(days=1, hours=n)
            CourseSession.objects.create(
                course=course, starts_at=start, ends_at=start + datetime.timedelta(minutes=30)
            )
    station = Station.objects.create(name="景和爱心驿站", community=community)
    for n in range(3):
        user = make_user(mobile=f"1350000{n:04d}")
        Volunteer.objects.create(
            user=user,
            name=f"申请人{n}",
            university="江城大学",
            major="数学",
            student_number=str(n),
            mobile=user.mobile,
            pledge_signed_on=datetime.date(2026, 9, 1),
        )
    helper = Volunteer.objects.first()
    saturday = TutoringSession.objects.create(
        station=station, date=timezone.localdate() - datetime.timedelta(days=3), capacity=5
    )
    Shift.objects.create(session=saturday, volunteer=helper, status=Shift.Status.CONFIRMED)
    for n in range(4):
        Deed.objects.create(
            title=f"好事{n}",
            story="……",
            date=datetime.date(2026, 5, 1),
            category="for_residents",
            community=community,
            status=Deed.Status.SUBMITTED,
        )
    Board.objects.create(title="一村功德榜", community=community, issue_number=1)
    from schools.models import Cadre, Exam, ExamResult

    passed_all, _behind = (
        Cadre.objects.create(name="周建华", department="党政办"),
        Cadre.objects.create(name="吴丽萍", department="社区办"),
    )
    for subject in Exam.Subject.values:
        exam = Exam.objects.create(subject=subject, date=datetime.date(2026, 6, 1))
        ExamResult.objects.create(exam=exam, cadre=passed_all, passed=True, score=80)
    resident = make_resident()
    for _ in range(2):
        message = Message.objects.create(
            person_key=f"resident:{resident.pk}", name="x", kind="promoted", text="…"
        )
        Delivery.objects.create(
            message=message, channel="sms", address="13900000000", status="failed"
        )
    return {"health": health, "station": station}


@pytest.fixture
def people(make_user, seeded):
    manager = staff(make_user, roles.SCHOOL_MANAGER, "13700000011")
    seeded["health"].managers.add(manager)
    coordinator = staff(make_user, roles.STATION_COORDINATOR, "13700000012")
    seeded["station"].coordinators.add(coordinator)
    return {
        "manager": manager,
        "coordinator": coordinator,
        "reviewer": staff(make_user, roles.MERIT_REVIEWER, "13700000013"),
        "street": staff(make_user, roles.STREET_ADMIN, "13700000014"),
    }


EXPECTED = {
    "manager": {"近一周未记考勤的课次": 2},
    "coordinator": {"待审核的志愿者申请": 3, "未记考勤的周六辅导": 1},
    "reviewer": {"待审核的功德": 4, "待张贴的功德榜": 1},
    "street": {
        "近一周未记考勤的课次": 3,
        "待审核的志愿者申请": 3,
        "未记考勤的周六辅导": 1,
        "待审核的功德": 4,
        "待张贴的功德榜": 1,
        "发送失败的消息": 2,
        "未通过三项考试的干部": 1,
    },
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_waiting_work_and_may_open_every_link(client, people, role):
    client.force_login(people[role])
    page = client.get(reverse("workbench"))
    assert page.status_code == 200
    assert waiting(page) == EXPECTED[role]
    for url in links(page):
        assert client.get(url).status_code == 200, (role, url)


def test_staff_land_on_the_workbench_after_login_and_residents_on_the_home_page(client, make_user):
    password = "学习型社区-2026"
    make_user(mobile="13700000021", password=password, is_staff=True)
    make_user(mobile="13700000022", password=password)
    answer = client.post(reverse("login"), {"username": "13700000021", "password": password})
    assert client.get(answer.url).url == reverse("workbench")
    client.logout()
    answer = client.post(reverse("login"), {"username": "13700000022", "password": password})
    assert client.get(answer.url).url == reverse("home")


def test_the_workbench_is_for_staff_only(client, make_user):
    client.force_login(make_user(mobile="13700000023"))
    assert client.get(reverse("workbench")).status_code == 403


def test_the_admin_links_back_to_the_workbench(client, people):
    client.force_login(people["street"])
    assert reverse("workbench") in client.get(reverse("admin:index")).text
