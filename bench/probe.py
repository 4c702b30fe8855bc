"""Run inside Django against one benchmark database: picks the pages to load, makes logged-in
sessions, counts each page's queries, and sets up and reads the sign-up race. Prints JSON."""

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from community.models import Community, Resident, User  # noqa: E402
from merit_register.models import Board  # noqa: E402
from schools.models import Course, Enrolment, School  # noqa: E402
from volunteers.models import Volunteer  # noqa: E402

RACE_COURSE = "基准测试：报名竞争"
CSRF = "benchmarkcsrfsecret0123456789abc"  # 32 characters: an unmasked CSRF secret


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def pages() -> dict:
    courses = Course.objects.published()
    deep = max(1, int(courses.count() / 12 * 0.8))
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    volunteer = Volunteer.objects.verified().select_related("user").order_by("pk").first()
    cookie_name = settings.SESSION_COOKIE_NAME
    return {
        "floor": ["/bench/floor/", ""],
        "home": ["/", ""],
        "course list": ["/courses/", ""],
        "course list, filtered": ["/courses/?category=arts&weekday=3", ""],
        "course list, deep page": [f"/courses/?page={deep}", ""],
        "course page": [f"/courses/{courses.order_by('pk').first().pk}/", ""],
        "merit register": ["/merit/", ""],
        "board page": [f"/merit/boards/{Board.objects.posted().order_by('pk').first().pk}/", ""],
        "Saturdays (volunteer)": [
            "/aixinban/saturdays/",
            f"{cookie_name}={session_for(volunteer.user)}",
        ],
        "dashboard (staff)": ["/dashboard/", f"{cookie_name}={session_for(staff)}"],
    }


def query_counts(urls: dict) -> dict:
    counts = {}
    client = Client(HTTP_HOST="127.0.0.1")
    for name, (url, cookie) in urls.items():
        if cookie:
            key, value = cookie.split("=", 1)
            client.cookies[key] = value
        cache.clear()  # the queries of building the page, not of reading it from the cache
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
        client.cookies.clear()
    return counts


def race_setup() -> dict:
    """A course with 10 places and 200 residents with logins, each with a session."""
    school = School.objects.order_by("pk").first()
    Course.objects.filter(title=RACE_COURSE).delete()
    course = Course.objects.create(
        school=school, title=RACE_COURSE, category="arts", capacity=10, status="published"
    )
    community = Community.objects.order_by("pk").first()
    cookies = []
    for n in range(200):
        user, _ = User.objects.get_or_create(mobile=f"1990000{n:04d}", defaults={"name": "测"})
        Resident.objects.get_or_create(user=user, defaults={"name": "测", "community": community})
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session_for(user)}; csrftoken={CSRF}")
    return {"course": course.pk, "cookies": cookies, "csrf": CSRF}


def race_result() -> dict:
    course = Course.objects.get(title=RACE_COURSE)
    statuses = Enrolment.objects.filter(course=course).values_list("status", flat=True)
    return {
        "confirmed": sum(s == "confirmed" for s in statuses),
        "waitlisted": sum(s == "waitlisted" for s in statuses),
        "seats_taken": course.seats_taken,
    }


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "pages":
        urls = pages()
        print(json.dumps({"pages": urls, "queries": query_counts(urls)}, ensure_ascii=False))
    elif what == "race-setup":
        print(json.dumps(race_setup()))
    elif what == "race-result":
        print(json.dumps(race_result()))
    elif what == "streets":
        from community.models import Street

        print(
            json.dumps({"streets": Street.objects.count(), "residents": Resident.objects.count()})
        )
