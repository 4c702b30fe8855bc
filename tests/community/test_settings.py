import os
import subprocess
import sys
from pathlib import Path

from community.settings import database_from_url

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-of-sufficient-length-and-entropy-7Hq9vZ2x",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_the_deployment_check_finds_nothing_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_a_cache_kept_in_each_process_unless_told_it_is_one_process():
    env = {**PRODUCTION, "REDIS_URL": ""}

    refused = manage("check", env=env)
    allowed = manage("check", env={**env, "DJANGO_ALLOW_LOCAL_CACHE": "1"})

    assert refused.returncode != 0
    assert "community.E001" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def debug_in_a_new_process(**env):
    """DEBUG as a fresh process sees it, with DJANGO_DEBUG removed from the environment."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "from community import settings; print(settings.DEBUG)"],
        cwd=BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
    )


def test_debug_is_off_when_the_environment_does_not_turn_it_on():
    result = debug_in_a_new_process(DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])

    assert result.stdout.split() == ["False"], result.stderr
    assert debug_in_a_new_process(DJANGO_DEBUG="1").stdout.split() == ["True"]


def test_a_deployment_that_sets_nothing_refuses_to_start():
    result = debug_in_a_new_process()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_suite_runs_with_the_development_settings_make_test_uses(settings):
    # pytest-django switches DEBUG itself off while a test runs; the settings derived from it when
    # the settings module was imported show which environment the suite started in.
    assert os.environ["DJANGO_DEBUG"] == "1"
    assert "127.0.0.1" in settings.ALLOWED_HOSTS
    assert not settings.SESSION_COOKIE_SECURE


def test_database_urls_become_django_settings():
    config = database_from_url(
        "postgres://portal:s%40cret@db.internal:6543/learning?sslmode=require"
    )

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("portal", "s@cret")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", "6543", "learning")
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert database_from_url("sqlite:////tmp/portal.sqlite3")["NAME"] == "/tmp/portal.sqlite3"


def test_an_sqlite_database_url_waits_for_the_worker_instead_of_failing():
    """The web server and the task worker share the file (make run, or DATABASE_URL=sqlite)."""
    options = database_from_url("sqlite:////tmp/portal.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
