"""The benchmark: the portal as in production (gunicorn, DEBUG off, PostgreSQL, Redis, several
workers, on loopback), at the programme's size (scale 1) and a district's (scale 50).

Measured with wrk: requests per second at saturation, then p50/p95/p99 latency at half that rate;
the queries of each page; each worker's resident memory after the run; and a race of 200
concurrent sign-ups for 10 places. Prints one table and writes it to bench/results.md.

Run with `make bench` (SCALES="1 50" by default; `make bench SCALES=1` for a quick look).
"""

import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def log(message: str) -> None:
    print(message, flush=True)


def env_for(database: str, static_root: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{database}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Loopback without TLS: no redirect to HTTPS, no second factor for the staff session.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_OTP_REQUIRED": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "PORTAL_BENCH_FLOOR": "1",
        "PUBLIC_FORM_POSTS_PER_MINUTE": "1000000",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE),
        # A worker restarting mid-measurement would show as a latency spike of a second.
        "GUNICORN_MAX_REQUESTS": "0",
        "DJANGO_SETTINGS_MODULE": "community.settings",
    }


def manage(env, *args) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def probe(env, what) -> dict:
    result = subprocess.run(
        [PYTHON, str(BASE / "bench" / "probe.py"), what],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"probe {what} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_database(scale: int, env) -> None:
    """Build the data at this scale, or reuse it when a previous run built it."""
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    admin = psycopg2.connect(f"{SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("select 1 from pg_database where datname = %s", [name])
        exists = cursor.fetchone() is not None
    if exists:
        try:
            if probe(env, "streets")["streets"] == scale:
                log(f"scale {scale}: reusing the database {name}")
                return
        except SystemExit:
            pass
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # our own fixed name
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    started = time.monotonic()
    log(f"scale {scale}: migrating and loading the data …")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
    subprocess.run(
        [PYTHON, "manage.py", "load_demo", "--scale", str(scale)], cwd=BASE, env=env, check=True
    )
    manage(env, "ensure_demo_admin")
    log(f"scale {scale}: data built in {time.monotonic() - started:.0f} s")


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def start_gunicorn(env, port, log=subprocess.DEVNULL):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "community.wsgi",
            "-c",
            str(BASE / "deploy/gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
        ],
        cwd=BASE,
        env=env,
        stdout=log,
        stderr=log,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def wrk(url, cookie, script, connections, seconds, extra_env=None) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(BASE / "bench" / script),
            url,
        ],
        env={**os.environ, "COOKIE": cookie, **(extra_env or {})},
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    return json.loads(lines[-1])


def worker_memory(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def race(base_url, env) -> dict:
    setup = probe(env, "race-setup")
    url = f"{base_url}/courses/{setup['course']}/enrol/"
    body = f"csrfmiddlewaretoken={setup['csrf']}".encode()

    def sign_up(cookie):
        request = urllib.request.Request(url, data=body, headers={"Cookie": cookie, "Referer": url})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            return opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(sign_up, setup["cookies"]))
    result = probe(env, "race-result")
    result["failed"] = sum(status != 302 for status in statuses)
    return result


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_scale(scale: int, static_root: Path) -> dict:
    env = env_for(f"portal_bench_s{scale}", static_root)
    prepare_database(scale, env)
    info = probe(env, "pages")
    port = free_port()
    gunicorn = start_gunicorn(env, port)
    base_url = f"http://127.0.0.1:{port}"
    rows = {}
    try:
        for name, (path, cookie) in info["pages"].items():
            url = base_url + path
            wrk(url, cookie, "saturate.lua", CONNECTIONS, 2)  # warm up
            # The median of five runs: one run on a shared 2-core machine is noisy.
            runs = sorted(
                (wrk(url, cookie, "saturate.lua", CONNECTIONS, SECONDS) for _ in range(5)),
                key=lambda run: run["rps"],
            )
            saturated = runs[2]
            half = max(saturated["rps"] / 2, 1)
            paced = wrk(
                url, cookie, "paced.lua", 8, SECONDS, {"RATE": str(half), "CONNECTIONS": "8"}
            )
            rows[name] = {**saturated, **paced, "queries": info["queries"][name]}
            log(f"scale {scale}: {name:28} {saturated['rps']:8.1f} req/s  p95 {paced['p95']} ms")
        memory = worker_memory(gunicorn.pid)
        race_result = race(base_url, env)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return {"pages": rows, "memory": memory, "race": race_result}


def table(results: dict) -> str:
    scales = sorted(results)
    lines = []
    head = "| page |" + "".join(
        f" req/s (s{s}) | vs floor | p50 ms | p95 ms | p99 ms | queries |" for s in scales
    )
    if len(scales) == 2:
        head += f" s{scales[1]}/s{scales[0]} |"
    lines.append(head)
    lines.append("|" + "---|" * (head.count("|") - 1))
    for name in results[scales[0]]["pages"]:
        cells = [f"| {name} |"]
        for scale in scales:
            row = results[scale]["pages"][name]
            floor = results[scale]["pages"]["floor"]["rps"]
            cells.append(
                f" {row['rps']:.0f} | {100 * row['rps'] / floor:.0f} % | {row['p50']:.1f} |"
                f" {row['p95']:.1f} | {row['p99']:.1f} | {row['queries']} |"
            )
        if len(scales) == 2:
            first, last = (results[s]["pages"][name]["rps"] for s in scales)
            cells.append(f" {100 * last / first:.0f} % |")
        lines.append("".join(cells))
    for scale in scales:
        memory = results[scale]["memory"]
        race_result = results[scale]["race"]
        lines.append("")
        sizes = ", ".join(f"{m:.0f}" for m in memory)
        lines.append(
            f"Scale {scale}: worker memory after the run {sizes} MB;"
            f" sign-up race of 200 for 10 places: {race_result['confirmed']} confirmed, "
            f"{race_result['waitlisted']} waitlisted, {race_result['failed']} failed."
        )
    return "\n".join(lines)


def machine() -> str:
    """The date and the machine, for the first line of a section of the results."""
    return (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d} on {platform.node()}: "
        f"{os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.platform()}, Python {platform.python_version()}"
    )


RESULTS = BASE / "bench" / "results.md"
FAULTS_HEADING = "## Faults"  # bench/faults.py writes this section; the benchmark keeps it


def write_results(*, benchmark: str = "", faults: str = "") -> None:
    """Write the benchmark's part or the faults section (with its heading) of results.md,
    keeping the other as it is."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    old_benchmark, heading, old_faults = old.partition(FAULTS_HEADING)
    parts = [benchmark or old_benchmark, faults or heading + old_faults]
    RESULTS.write_text("\n\n".join(p.strip() for p in parts if p.strip()) + "\n", encoding="utf-8")


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    scales = [int(s) for s in os.environ.get("SCALES", "1 50").split()]
    static_root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
    manage(env_for("postgres", static_root), "collectstatic", "--noinput", "-v", "0")
    results = {scale: run_scale(scale, static_root) for scale in scales}
    report = (
        f"# Benchmark results\n\n{machine()}; "
        f"gunicorn with {WORKERS} workers, wrk with {CONNECTIONS} connections for {SECONDS} s "
        f"at saturation (median of five runs), then 8 paced connections at half that rate "
        f"for {SECONDS} s.\n\n{table(results)}\n"
    )
    print(report)
    write_results(benchmark=report)


if __name__ == "__main__":
    main()
