"""A backup of the demo data restores into an empty database with every table's rows."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def scratch_databases(db):
    settings = connection.settings_dict
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
    }
    names = [f"portal_scratch_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')  # a generated name, not input
    urls = [f"postgres://{server['user']}@{server['host']}:{server['port']}/{n}" for n in names]
    yield urls
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def row_counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as link, link.cursor() as cursor:
        cursor.execute("select tablename from pg_tables where schemaname = 'public'")
        tables = sorted(name for (name,) in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'select count(*) from "{table}"')  # names read from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def run(command, env):
    result = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-3000:])
    return result


def test_a_demo_backup_restores_every_row_into_an_empty_database(scratch_databases, tmp_path):
    source, target = scratch_databases
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    media = tmp_path / "media"
    env = {**base_env, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    run([sys.executable, "manage.py", "migrate", "-v", "0"], env)
    run([sys.executable, "manage.py", "load_demo"], env)
    backup = tmp_path / "backup"

    run(["deploy/backup.sh", str(backup)], env)
    restored_media = tmp_path / "restored-media"
    run(
        ["deploy/restore.sh", str(backup)],
        {**base_env, "DATABASE_URL": target, "MEDIA_ROOT": str(restored_media)},
    )

    before, after = row_counts(source), row_counts(target)
    assert after == before
    assert before["schools_course"] > 100 and before["merit_register_deed"] > 500
    assert sorted(p.name for p in restored_media.rglob("*.jpg")) == sorted(
        p.name for p in media.rglob("*.jpg")
    )
    refused = subprocess.run(
        ["deploy/restore.sh", str(backup)],
        cwd=BASE_DIR,
        env={**base_env, "DATABASE_URL": target},
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0 and "empty database" in refused.stderr
