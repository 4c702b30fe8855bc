"""Run inside Django against the fault run's database (bench/faults.py): makes the residents
with logins and the courses the sign-ups go to. Prints JSON."""

import sys

import django

django.setup()

import json  # noqa: E402

from django.conf import settings  # noqa: E402
from probe import CSRF, pages, session_for  # noqa: E402

from community.models import Community, Resident, User  # noqa: E402
from schools.models import Course, School  # noqa: E402

RESIDENTS = 300


def course(title: str, capacity: int) -> int:
    school = School.objects.order_by("pk").first()
    return Course.objects.create(
        school=school, title=title, category="arts", capacity=capacity, status="published"
    ).pk


def setup() -> dict:
    community = Community.objects.order_by("pk").first()
    residents = []
    for n in range(RESIDENTS):
        user, _ = User.objects.get_or_create(mobile=f"1980000{n:04d}", defaults={"name": "测"})
        Resident.objects.get_or_create(user=user, defaults={"name": "测", "community": community})
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_for(user)}; csrftoken={CSRF}"
        residents.append({"user": user.pk, "cookie": cookie})
    public = pages()
    anonymous = [path for name, (path, cookie) in public.items() if not cookie and name != "floor"]
    course_page = public["course page"][0]
    return {
        "csrf": CSRF,
        "residents": residents,
        "anonymous": anonymous,
        "resident_pages": ["/my/courses/", "/courses/", course_page],
        # Sign-ups during the traffic go to these; each fault check has a course of its own.
        "traffic_courses": [course(f"故障测试：报名{n}", 10) for n in range(5)],
        "redis_course": course("故障测试：Redis 停止时报名", 10),
        "kill_course": course("故障测试：报名时进程被杀", 5),
        "community": community.pk,
    }


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        print(json.dumps(setup(), ensure_ascii=False))
