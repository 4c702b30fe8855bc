import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_home_page_speaks_chinese_and_shows_the_street(client, street):
    response = client.get(reverse("home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "测试路街道学习型社区" in page
    assert street.introduction in page
    assert "社区学校与课程" in page and "爱心班" in page and "功德录" in page


def test_the_home_page_costs_the_same_queries_however_many_rows(
    client, street, make_residents, django_assert_num_queries
):
    make_residents(3)
    with django_assert_num_queries(3):  # the street and the 功德录 totals, then cached
        client.get(reverse("home"))
    with django_assert_num_queries(0):  # the whole page comes from the cache
        client.get(reverse("home"))
    make_residents(300, start=3)
    cache.clear()
    with django_assert_num_queries(3):
        client.get(reverse("home"))


def test_english_is_one_switch_away(client, street):
    response = client.get(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    assert '<html lang="en">' in response.content.decode()
    assert "Community schools and courses" in response.content.decode()


def test_a_missing_page_answers_404_in_the_portal_look(client, street):
    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert "测试路街道" in page  # the shared header


def test_healthz_reports_the_database(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down():
    """A real unreachable server (nothing listens on port 1), not a mock."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(r.status_code, r.json()['database'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/portal?connect_timeout=2",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )

    assert result.stdout.split() == ["503", "unavailable"], result.stderr


def test_elder_mode_is_remembered_and_never_redirects_elsewhere(client, street):
    response = client.get(reverse("elder_mode"), {"on": "1", "next": "/courses/"})

    assert response["Location"] == "/courses/"
    assert response.cookies["elder_mode"].value == "1"
    assert 'class="elder"' in client.get(reverse("home")).content.decode()
    away = client.get(reverse("elder_mode"), {"on": "0", "next": "https://elsewhere.example/"})
    assert away["Location"] == "/"
    assert 'class="elder"' not in client.get(reverse("home")).content.decode()


PASSWORD = "学习型社区-2026"


def log_in(client, mobile, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": mobile, "password": password}, REMOTE_ADDR=address
    )


def locked_out_login(client, make_user, settings):
    make_user(mobile="13812345678", password=PASSWORD)
    for _ in range(5):
        log_in(client, "13812345678", "wrong")
    return log_in(client, "13812345678", PASSWORD)


def too_many_failed_logins_from_one_address(client, make_user, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    for n in range(2):
        log_in(client, f"1381234000{n}", "wrong")
    return log_in(client, "13812340009", "wrong")


def too_many_posts_to_a_public_form(client, make_user, settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1
    client.post(reverse("register"), {"mobile": "bad"}, REMOTE_ADDR="10.0.0.1")
    return client.post(reverse("register"), {"mobile": "bad"}, REMOTE_ADDR="10.0.0.1")


def too_many_sign_ups(client, make_user, settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1
    client.force_login(make_user())
    client.post(reverse("schools:course_enrol", args=[1]), REMOTE_ADDR="10.0.0.1")
    return client.post(reverse("schools:course_enrol", args=[1]), REMOTE_ADDR="10.0.0.1")


def too_many_sms_codes(client, make_user, settings):
    for n in range(3):
        client.post(reverse("password_reset"), {"mobile": "13812345678"}, REMOTE_ADDR=f"10.0.{n}.1")
    return client.post(reverse("password_reset"), {"mobile": "13812345678"}, REMOTE_ADDR="10.0.9.1")


@pytest.mark.parametrize(
    "wait",
    [
        locked_out_login,
        too_many_failed_logins_from_one_address,
        too_many_posts_to_a_public_form,
        too_many_sign_ups,
        too_many_sms_codes,
    ],
)
def test_every_answer_429_is_a_whole_page_in_the_portal_look(
    client, make_user, settings, street, wait
):
    response = wait(client, make_user, settings)

    page = response.content.decode()
    assert response.status_code == 429
    assert '<nav class="navbar' in page and f">{street.name}</a>" in page  # the shared header
    assert '<main id="main"' in page and "<h1" in page and "<footer" in page
    assert ">429<" not in page  # a number that tells a resident nothing


def test_the_login_lockout_page_offers_to_reset_the_password(client, make_user, settings, street):
    page = locked_out_login(client, make_user, settings).content.decode()

    assert "登录已暂停" in page
    assert f'href="{reverse("password_reset")}"' in page


def load_urlconf():
    """A fresh copy of the project's URLconf, built under the settings of the moment."""
    spec = importlib.util.find_spec("community.urls")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("debug, status", [(True, 200), (False, 404)])
def test_uploaded_pictures_are_served_under_make_run_and_left_to_nginx_otherwise(
    client, street, settings, tmp_path, debug, status
):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("showcase/work.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    settings.DEBUG = debug
    settings.ROOT_URLCONF = load_urlconf()

    response = client.get(default_storage.url(name))

    assert response.status_code == status
