"""The portal while a service it leans on is out: with Redis down pages are built uncached and
forms still work; with the database down a visitor gets the friendly 503 page, not the 500 one.
`make faults` breaks the real services under traffic; these pin the behaviour one request at a
time."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.settings import cache_from_url
from merit_register.models import Deed
from schools.models import Course, Enrolment, School

BASE_DIR = Path(__file__).resolve().parents[2]
NOTHING_LISTENS = "redis://127.0.0.1:1/0"  # port 1: the connection is refused at once


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": cache_from_url(NOTHING_LISTENS)}


@pytest.fixture
def published_course(db):
    school = School.objects.create(name="健康教育学校", slug="health", host_institution="卫生中心")
    return Course.objects.create(
        school=school,
        title="太极拳",
        category=Course.Category.TASTE,
        capacity=1,
        status=Course.Status.PUBLISHED,
    )


def test_a_resident_signs_up_while_redis_is_down(redis_down, resident_client, published_course):
    response = resident_client.post(reverse("schools:course_enrol", args=[published_course.pk]))

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(course=published_course)
    assert enrolment.resident == resident_client.resident
    assert enrolment.status == Enrolment.Status.CONFIRMED
    published_course.refresh_from_db()
    assert published_course.seats_taken == 1


def test_public_pages_are_built_uncached_while_redis_is_down(redis_down, client, published_course):
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("schools:course_list"))
        assert response.status_code == 200
        assert "太极拳" in response.content.decode()
        assert len(queries) > 0  # built each time: nothing was kept


def test_a_deed_report_is_taken_while_redis_is_down(redis_down, resident_client, community):
    response = resident_client.post(
        reverse("merit_register:deed_report"),
        {
            "title": "楼下李阿姨义务打扫楼道",
            "date": "2026-11-01",
            "category": Deed.Category.FOR_COMMUNITY,
            "community": community.pk,
            "beneficiary": "",
            "story": "李阿姨每天早上打扫楼道，坚持了三年，楼里的老人都说她是热心人。",
            "doers": "李阿姨",
            "submission": uuid.uuid4().hex,
        },
    )

    assert response.status_code == 302
    assert Deed.objects.filter(submitted_by=resident_client.resident.user).count() == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    import redis

    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            redis.Redis(port=port).ping()
            return server
        except redis.ConnectionError:
            time.sleep(0.05)
    server.kill()
    pytest.fail("redis-server did not start")


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_pages_are_cached_again_when_redis_comes_back(settings, client, published_course):
    """A private Redis, stopped and started again under the same process: no restart needed."""
    port = free_port()
    server = start_redis(port)
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{port}/0")}
    url = reverse("schools:course_list")

    def queries_of_a_visit() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    try:
        queries_of_a_visit()
        assert queries_of_a_visit() == 0  # from the cache
        server.terminate()
        server.wait()
        assert queries_of_a_visit() > 0
        server = start_redis(port)
        queries_of_a_visit()
        assert queries_of_a_visit() == 0
    finally:
        server.terminate()
        server.wait()


SHOW_PAGES_WITHOUT_A_DATABASE = """
import json, django
django.setup()
from django.test import Client, override_settings
visitor = Client(raise_request_exception=False, HTTP_HOST="localhost")
resident = Client(raise_request_exception=False, HTTP_HOST="localhost")
resident.cookies["sessionid"] = "a" * 32  # the session is looked up in a middleware
answers = []
with override_settings(DEBUG=False):
    for client, path in ((visitor, "/courses/"), (resident, "/my/courses/")):
        response = client.get(path)
        answers.append([response.status_code, response.get("Retry-After"),
                        response.content.decode()])
print(json.dumps(answers))
"""


def test_a_page_asks_to_try_again_in_the_portal_look_when_the_database_is_down():
    """A real unreachable server (nothing listens on port 1): the error is raised in a view for
    a visitor, in a middleware (the session) for a resident; both get the 503 page."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings",
        "DJANGO_DEBUG": "1",  # the development storages; the request runs with DEBUG off
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/portal?connect_timeout=2",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_PAGES_WITHOUT_A_DATABASE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    for status, retry_after, page in json.loads(result.stdout.splitlines()[-1]):
        assert status == 503
        assert retry_after == "30"
        assert '<html lang="zh-hans">' in page and "navbar" in page  # the portal's look
        assert "请稍候再试" in page
        assert "服务器错误" not in page and "Traceback" not in page
