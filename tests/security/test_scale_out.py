"""Nothing lives in one process's memory: two gunicorn instances on different ports, sharing
PostgreSQL and Redis, honour each other's sessions and rate limits."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "学习型社区-2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis():
    import redis as redis_client

    client = redis_client.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis_client.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def two_servers(migration_data, redis, tmp_path):
    database = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "1",
        "PUBLIC_FORM_POSTS_PER_MINUTE": "2",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    ports, processes = [free_port(), free_port()], []
    for port in ports:
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "community.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp_path / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
            )
        )
    try:
        for port in ports:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"gunicorn on {port} did not start")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def post(opener, jar, url, fields):
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    try:
        return opener.open(urllib.request.Request(url, data=data, headers={"Referer": url}))
    except urllib.error.HTTPError as error:
        return error


def test_a_session_and_a_rate_limit_are_shared_by_two_servers(
    two_servers, make_user, street, settings
):
    first, second = two_servers
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as served
    make_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    opener, jar = browser()

    opener.open(f"{first}/accounts/login/")
    post(opener, jar, f"{first}/accounts/login/", {"username": "13812345678", "password": PASSWORD})
    account = opener.open(f"{second}/accounts/").read().decode()

    assert "13812345678" in account and "王秀英" in account  # logged in on one, known on the other

    visitor, visitor_jar = browser()
    visitor.open(f"{first}/accounts/register/")
    answers = [
        post(visitor, visitor_jar, f"{server}/accounts/register/", {"mobile": "bad"}).status
        for server in (first, second, second)
    ]
    assert answers == [200, 200, 429]  # the third post counts the two before, on either server
    assert re.search(
        r"请稍候再试",
        post(visitor, visitor_jar, f"{first}/accounts/register/", {"mobile": "bad"})
        .read()
        .decode(),
    )
