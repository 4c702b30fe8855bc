import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache
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
