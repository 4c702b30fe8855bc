"""Rules a reviewer would otherwise have to remember: no raw SQL built from strings, and nothing
marked safe that a user could have typed."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
CODE = ["community", "schools", "volunteers", "merit_register"]

FORBIDDEN_PYTHON = {
    r"\bmark_safe\(": "mark_safe",
    r"\.raw\(": "QuerySet.raw",
    r"\.extra\(": "QuerySet.extra",
    r"\bRawSQL\(": "RawSQL",
    r"execute\(\s*f[\"']": "an f-string given to execute()",
    r"execute\([^)]*%\s*\(": "%-formatting given to execute()",
    r"execute\([^)]*\.format\(": ".format() given to execute()",
}
FORBIDDEN_TEMPLATES = {
    r"\|\s*safe\b": "the |safe filter",
    r"\|\s*safeseq\b": "the |safeseq filter",
    r"{%\s*autoescape\s+off": "autoescape off",
}


def scan(paths, rules):
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern, what in rules.items():
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(BASE_DIR)}:{line}: {what}")
    return found


def test_no_raw_sql_from_strings_and_no_mark_safe_in_the_code():
    files = [
        p
        for app in CODE
        for p in (BASE_DIR / app).rglob("*.py")
        # Migrations hold fixed DDL (the consent triggers), never user input.
        if "migrations" not in p.parts
    ]

    assert scan(files, FORBIDDEN_PYTHON) == []


def test_no_safe_filter_or_autoescape_off_in_the_templates():
    assert scan((BASE_DIR / "templates").rglob("*.html"), FORBIDDEN_TEMPLATES) == []


def test_the_rules_catch_what_they_are_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('cursor.execute(f"SELECT {name}")\nmark_safe(comment)\n', encoding="utf-8")
    template = tmp_path / "bad.html"
    template.write_text("{{ story|safe }}", encoding="utf-8")

    global BASE_DIR
    saved, BASE_DIR = BASE_DIR, tmp_path
    try:
        assert len(scan([bad], FORBIDDEN_PYTHON)) == 2
        assert len(scan([template], FORBIDDEN_TEMPLATES)) == 1
    finally:
        BASE_DIR = saved
