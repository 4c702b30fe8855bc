"""The district-sized demo data, and the indexes that keep the big lists fast."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q

from community.models import Community, Resident, Street
from merit_register.demo import BOARD_COUNT, DEED_COUNT
from merit_register.models import Board, Deed
from schools.models import Course, Enrolment, School
from schools.models.course import current_term
from volunteers.models import Child, Station


@pytest.mark.django_db
def test_the_scale_generator_builds_consistent_data_for_n_streets(capsys):
    call_command("load_demo", "--scale", "3")
    first = {m: m.objects.count() for m in (Street, School, Course, Resident, Enrolment, Deed)}
    call_command("load_demo", "--scale", "3")

    assert {m: m.objects.count() for m in first} == first  # running it again adds nothing
    assert Street.objects.count() == 3
    assert Community.objects.count() == 8 * 3
    assert School.objects.count() == 21 * 3
    # This term's courses in every street; the first street also has earlier terms' courses.
    assert Course.objects.filter(term=current_term()).count() == 120 * 3
    assert Resident.objects.count() == 240 + 2 * 2000
    assert Deed.objects.count() == DEED_COUNT * 3 and Board.objects.count() == BOARD_COUNT * 3
    assert Child.objects.count() == 45 * 3 and Station.objects.count() == 3
    # Each sign-up joins a course and a resident of the same street...
    for street in Street.objects.exclude(name="景和路街道"):
        mismatched = Enrolment.objects.filter(resident__community__street=street).exclude(
            course__school__name__endswith=f"（{street.name}）"
        )
        assert not mismatched.exists()
    # ...and every course's confirmed places are what its sign-ups say.
    wrong = Course.objects.annotate(
        confirmed=Count("enrolments", filter=Q(enrolments__status="confirmed"))
    ).exclude(confirmed=F("seats_taken"))
    assert not wrong.exists()
    assert "streets: committees and residents [" in capsys.readouterr().out


def plan(queryset) -> str:
    return queryset.explain()


@pytest.fixture
def thousands(community):
    """A few thousand courses, sign-ups and deeds, with fresh planner statistics."""
    schools = School.objects.bulk_create(
        School(name=f"学校{n}", slug=f"school-{n}") for n in range(200)
    )
    courses = Course.objects.bulk_create(
        Course(
            school=schools[n % 200],
            title=f"课程{n}",
            category=["arts", "skills"][n % 2],
            capacity=20,
            status="published",
            weekday=n % 7 + 1,
        )
        for n in range(6000)
    )
    residents = Resident.objects.bulk_create(
        Resident(name=f"居民{n}", community=community) for n in range(3000)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            course=courses[n % 6000], resident=residents[(n + n // 6000) % 3000], status="confirmed"
        )
        for n in range(12000)
    )
    others = Community.objects.bulk_create(
        Community(street=community.street, name=f"社区{n}") for n in range(100)
    )
    Deed.objects.bulk_create(
        Deed(
            title="好事",
            story="故事",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(n % 300),
            category="helping",
            community=others[n % 100],
            status="published",
        )
        for n in range(8000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return schools, courses


def test_the_filtered_course_list_uses_an_index(thousands):
    schools, _courses = thousands

    explained = plan(Course.objects.for_listing().filter(school=schools[7]))

    assert "Seq Scan on schools_course" not in explained
    assert "Index" in explained


def test_the_deed_list_by_committee_uses_an_index(thousands, community):
    other = Community.objects.exclude(pk=community.pk).first()

    explained = plan(Deed.objects.for_public_listing().filter(community=other)[:20])

    assert "Seq Scan on merit_register_deed" not in explained
    assert "Index" in explained


def test_counting_a_courses_sign_ups_uses_an_index(thousands):
    _schools, courses = thousands

    explained = plan(Enrolment.objects.filter(course=courses[42], status="confirmed"))

    assert "Seq Scan on schools_enrolment" not in explained
    assert "Index" in explained
