"""The zh_Hans catalogue is complete, covers every string of the code, and is compiled."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
PO = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = [
    "community",
    "schools",
    "volunteers",
    "merit_register",
    "notifications",
    "templates",
    "manage.py",
]


def statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_every_entry_is_translated_and_none_is_fuzzy():
    stats = statistics(PO)

    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_the_catalogue_covers_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the sources adds nothing untranslated to the catalogue."""
    for name in SOURCES:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(BASE_DIR / "locale", tmp_path / "locale")

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )

    stats = statistics(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)

    with MO.open("rb") as compiled, fresh.open("rb") as expected:
        assert gettext.GNUTranslations(compiled)._catalog == (
            gettext.GNUTranslations(expected)._catalog
        ), "django.mo is stale: run manage.py compilemessages"
