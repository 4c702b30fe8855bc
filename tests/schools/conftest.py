import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from community import roles
from schools.models import Course, CourseSession, Event, School, Venue


@pytest.fixture
def school(db):
    return School.objects.create(name="健康教育学校", slug="health", host_institution="卫生中心")


@pytest.fixture
def venue(db):
    return Venue.objects.create(name="文化活动中心", address="景和路18号")


@pytest.fixture
def make_course(school, venue):
    def make(count=1, **fields):
        defaults = {
            "school": school,
            "venue": venue,
            "title": "太极拳",
            "category": Course.Category.TASTE,
            "capacity": 10,
            "status": Course.Status.PUBLISHED,
            "teacher": "武老师",
        }
        defaults.update(fields)
        if count == 1:
            return Course.objects.create(**defaults)
        title = defaults.pop("title")
        return Course.objects.bulk_create(
            Course(title=f"{title}{n}", **defaults) for n in range(count)
        )

    return make


@pytest.fixture
def course(make_course):
    return make_course()


@pytest.fixture
def make_session(course):
    def make(days_from_now=7, target=None):
        starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_from_now)
        return CourseSession.objects.create(
            course=target or course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
        )

    return make


@pytest.fixture
def event(school, venue):
    return Event.objects.create(
        title="防跌倒讲座",
        kind=Event.Kind.LECTURE,
        school=school,
        venue=venue,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        status=Event.Status.PUBLISHED,
        has_signup=True,
        capacity=2,
    )


@pytest.fixture
def school_manager(make_user, school):
    user = make_user(mobile="13700000001", name="学校管理员甲", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SCHOOL_MANAGER))
    school.managers.add(user)
    return user


@pytest.fixture
def street_admin(make_user):
    user = make_user(mobile="13700000002", name="街道管理员甲", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    return user
