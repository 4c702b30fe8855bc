"""Run by test_headers.py in a separate process with production settings: request every URL
pattern of the project (admin included) over HTTPS and print what each answer lacks, as JSON."""

import json
import re

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402

SAMPLES = {"int": "1", "slug": "x", "str": "X1", "path": "1", "uuid": "0" * 32}
YEAR = re.compile(r"<(\w+):(\w+)>")


def sample_route(route: str) -> str:
    return YEAR.sub(lambda m: "2026" if m.group(2) == "year" else SAMPLES[m.group(1)], route)


def sample_regex(regex: str) -> str:
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
    return path.replace("^", "").replace("$", "").replace("\\", "")


def walk(patterns, prefix=""):
    for pattern in patterns:
        raw = pattern.pattern
        piece = sample_route(str(raw)) if hasattr(raw, "_route") else sample_regex(str(raw))
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + piece)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + piece


def problems_of(response) -> list[str]:
    found = []
    policy = response.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d for d in policy.split(";") if d.strip() for d in [d.strip()]}
    script = directives.get("script-src", directives.get("default-src", ""))
    if not policy:
        found.append("no enforced CSP")
    if "'unsafe-inline'" in script or "'unsafe-eval'" in script:
        found.append("script-src allows unsafe code")
    if directives.get("object-src") != "object-src 'none'":
        found.append("object-src is not 'none'")
    if directives.get("frame-ancestors") != "frame-ancestors 'none'":
        found.append("frame-ancestors is not 'none'")
    hsts = re.search(r"max-age=(\d+)", response.get("Strict-Transport-Security", ""))
    if not hsts or int(hsts.group(1)) < 365 * 24 * 3600:
        found.append("HSTS shorter than a year")
    if response.get("X-Content-Type-Options") != "nosniff":
        found.append("no nosniff")
    if not response.get("Referrer-Policy"):
        found.append("no Referrer-Policy")
    if not response.get("Cross-Origin-Opener-Policy"):
        found.append("no Cross-Origin-Opener-Policy")
    for name, cookie in response.cookies.items():
        if not cookie["secure"]:
            found.append(f"cookie {name} not Secure")
        if not cookie["httponly"]:
            found.append(f"cookie {name} not HttpOnly")
        if not cookie["samesite"]:
            found.append(f"cookie {name} without SameSite")
    return found


client = Client(HTTP_HOST="portal.example.org")
report = {}
urls = sorted(set(walk(get_resolver().url_patterns)))
for url in urls:
    response = client.get(url, secure=True)
    found = problems_of(response)
    if found:
        report[url] = [f"{response.status_code}"] + found
# A form post sets the session cookie and the CSRF cookie.
client.get("/accounts/login/", secure=True)
response = client.post("/elder-mode/", {"on": "1", "next": "/"}, secure=True)
found = problems_of(response)
if found:
    report["POST /elder-mode/"] = found
print(json.dumps({"checked": len(urls), "problems": report}, ensure_ascii=False))
