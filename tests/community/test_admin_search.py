"""The admin's search at a district's size: by part of a name, a mobile number or a title, through
subqueries the trigram indexes serve, with no full count and a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from merit_register.models import Deed, DeedDoer
from schools.models import Course, Enrolment, Event, School
from volunteers.models import Child, Station


@pytest.fixture
def boss(client, make_user):
    user = make_user(mobile="13900000001", name="街道管理员", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def listed(client, url, term):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": term})
    assert response.status_code == 200
    return response.context["cl"], queries.captured_queries


def test_residents_are_found_by_part_of_the_name_or_the_mobile(boss, make_residents):
    make_residents(30)
    url = reverse("admin:community_resident_changelist")

    by_name, few = listed(boss, url, "民1")
    by_mobile, _ = listed(boss, url, "00000012")

    assert sorted(r.name for r in by_name.result_list) == sorted(
        f"居民{n}" for n in range(30) if str(n).startswith("1")
    )
    assert [r.mobile for r in by_mobile.result_list] == ["13700000012"]
    make_residents(300, start=30)
    _, many = listed(boss, url, "民1")
    assert len(many) == len(few)
    assert not by_name.show_full_result_count  # no second count of the whole table


@pytest.fixture
def sign_ups(make_residents):
    school = School.objects.create(name="老年艺术学校", slug="senior-arts", host_institution="中心")
    course = Course.objects.create(school=school, title="老年合唱团", category="arts", capacity=50)
    other = Course.objects.create(school=school, title="书法入门", category="arts", capacity=50)
    event = Event.objects.create(
        title="合唱展演",
        kind="exhibition",
        school=school,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        ends_at=timezone.now() + datetime.timedelta(days=5, hours=2),
        status="published",
    )
    residents = make_residents(6)
    Enrolment.objects.bulk_create(
        [Enrolment(course=course, resident=r, status="confirmed") for r in residents[:3]]
        + [Enrolment(course=other, resident=r, status="confirmed") for r in residents[3:]]
        + [Enrolment(event=event, resident=residents[5], status="confirmed")]
    )
    return residents


def test_sign_ups_are_found_by_the_residents_name_mobile_course_or_event(boss, sign_ups):
    url = reverse("admin:schools_enrolment_changelist")

    by_course, queries = listed(boss, url, "合唱团")
    by_event, _ = listed(boss, url, "展演")
    by_mobile, _ = listed(boss, url, "13700000004")
    both_words, _ = listed(boss, url, "书法 居民5")

    assert {e.resident.name for e in by_course.result_list} == {"居民0", "居民1", "居民2"}
    assert [(e.event.title, e.resident.name) for e in by_event.result_list] == [
        ("合唱展演", "居民5")
    ]
    assert [e.resident.mobile for e in by_mobile.result_list] == ["13700000004"]
    assert [(e.course.title, e.resident.name) for e in both_words.result_list] == [
        ("书法入门", "居民5")
    ]
    # The list itself and its count: no DISTINCT over the joined sign-ups.
    listing = [q["sql"] for q in queries if q["sql"].startswith('SELECT "schools_enrolment"')]
    counting = [
        q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "schools_enrolment" in q["sql"]
    ]
    assert listing and counting
    assert not any("DISTINCT" in sql for sql in listing + counting)


def test_a_deed_with_two_matching_doers_is_listed_once(boss, community):
    deed = Deed.objects.create(
        title="修水管",
        story="帮助邻居修好了水管。",
        category="helping",
        community=community,
        date=datetime.date(2026, 5, 1),
    )
    DeedDoer.objects.bulk_create(
        [DeedDoer(deed=deed, name="王建国"), DeedDoer(deed=deed, name="王建华")]
    )
    url = reverse("admin:merit_register_deed_changelist")

    by_doer, _ = listed(boss, url, "王建")
    by_story, _ = listed(boss, url, "邻居")

    assert [d.pk for d in by_doer.result_list] == [deed.pk]
    assert [d.pk for d in by_story.result_list] == [deed.pk]


def test_children_are_found_by_part_of_the_name(boss, community):
    station = Station.objects.create(name="景和爱心驿站", community=community)
    for name in ("刘小军", "刘小雨", "方长青"):
        Child.objects.create(station=station, name=name, gender="boy", grade="四年级")

    found, _ = listed(boss, reverse("admin:volunteers_child_changelist"), "刘小")

    assert sorted(c.name for c in found.result_list) == ["刘小军", "刘小雨"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.django_db
def test_the_searched_columns_have_trigram_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%_trgm'")
        indexes = dict(cursor.fetchall())

    for table, column in [
        ("community_resident", "name"),
        ("community_resident", "mobile"),
        ("schools_course", "title"),
        ("schools_event", "title"),
        ("merit_register_deed", "title"),
        ("merit_register_deed", "story"),
        ("merit_register_deeddoer", "name"),
        ("volunteers_child", "name"),
    ]:
        definition = indexes[f"{table}_{column}_trgm"]
        assert "gin_trgm_ops" in definition
        assert f"upper(({column})::text)" in definition or f"upper({column})" in definition
