"""Faults: the portal as in production (gunicorn, DEBUG off, the demo data) on a PostgreSQL and a
Redis of its own, which this script starts, breaks and stops, under mixed traffic (anonymous
pages, a logged-in resident's pages, sign-ups) at half saturation:

1. Redis stopped: pages are served uncached, nothing fails, sign-ups stay exact; pages are
   cached again once Redis is back, without restarting the app.
2. PostgreSQL restarted: requests in the gap get the friendly 503 page; the app recovers by
   itself; every course's and event's places match its confirmed sign-ups.
3. A gunicorn worker killed in the middle of a sign-up: nothing half-written, and the
   resident's retry gives one sign-up, not two.
4. The upload folder full, then read-only: a deed report with a photo gets a clear message and
   leaves no row without its file (as root, a small tmpfs mounted over MEDIA_ROOT).
5. A soak for FAULTS_SOAK_SECONDS (600): no error, worker memory growth under 10 %, the p95 of
   the last minute close to the first's.

Each check prints PASS or FAIL with its figures; the run exits 1 on a FAIL and writes the
"Faults" section of bench/results.md. Run with `make faults` (FAULTS_SOAK_SECONDS=60 for a
quick look). The private servers and their folders are removed however the run ends.
"""

import collections
import concurrent.futures
import contextlib
import dataclasses
import datetime
import gettext
import html
import http.client
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import redis
import run as bench
from PIL import Image

PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
SOAK_SECONDS = int(os.environ.get("FAULTS_SOAK_SECONDS", "600"))
DATABASE = "portal_faults"
# The mix of the traffic: anonymous pages, a logged-in resident's pages, sign-ups.
MIX = {"anonymous": 6, "resident": 3, "sign-up": 1}
CONNECTIONS = 8  # paced, as the benchmark's latency runs
SATURATING_CONNECTIONS = 16
CJK = re.compile(r"[\u4e00-\u9fff]")
log = bench.log


# --- The private servers -----------------------------------------------------------------------


class PrivatePostgres:
    """A throwaway cluster in a temporary folder, on loopback only; run by the postgres user when
    we are root (PostgreSQL refuses root)."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}"
        self.root = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        self.data = self.root / "data"
        self.as_owner = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(
            [*self.as_owner, str(PG_BIN / program), *args], capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"{program} {' '.join(args)}: {result.stderr[-2000:]}")

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        settings = {
            "port": self.port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.root}'",
            # Thrown away after the run, and always stopped cleanly: no need to wait for disks.
            "fsync": "off",
            "full_page_writes": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        """Fast: open sessions are cut off, as in a restart for an upgrade."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    def __init__(self, port: int, folder: Path):
        self.port, self.folder, self.process = port, folder, None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                self.client().ping()
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


# --- Requests and traffic ----------------------------------------------------------------------


@dataclasses.dataclass
class Answer:
    status: int  # 0: no answer (refused, reset, timed out)
    headers: dict
    body: bytes
    sent: float  # time.monotonic()
    ms: float

    @property
    def page(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(port: int, method: str, path: str, body: bytes = b"", headers=None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = time.monotonic()
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        status, found = response.status, dict(response.getheaders())
    except (OSError, http.client.HTTPException):
        status, found, content = 0, {}, b""
    finally:
        connection.close()
    return Answer(status, found, content, sent, (time.monotonic() - sent) * 1000)


def friendly(answer: Answer) -> bool:
    """A 503 in the portal's look (its header and navigation), with a Chinese heading and a
    Retry-After; no traceback, not the 500 page."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", answer.page, re.S)
    return (
        answer.status == 503
        and answer.headers.get("Retry-After", "").isdigit()
        and '<html lang="zh-hans"' in answer.page
        and 'class="navbar' in answer.page
        and heading is not None
        and CJK.search(heading.group(1)) is not None
        and "Traceback" not in answer.page
        and "服务器错误" not in answer.page
    )


@dataclasses.dataclass
class Hit:
    kind: str
    status: int
    sent: float
    ms: float
    ok: bool  # the status the request should have (200 for a page, 302 after a sign-up)
    friendly: bool  # else a friendly 503


class Mix:
    """What the traffic asks for, in the proportions of MIX."""

    def __init__(self, setup: dict):
        self.setup = setup
        self.body = f"csrfmiddlewaretoken={setup['csrf']}".encode()

    def sign_up(self, cookie: str, course: int) -> tuple:
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        return "POST", f"/courses/{course}/enrol/", self.body, headers

    def pick(self, rng: random.Random) -> tuple[str, tuple]:
        kind = rng.choices(list(MIX), list(MIX.values()))[0]
        if kind == "anonymous":
            return kind, ("GET", rng.choice(self.setup["anonymous"]), b"", {})
        cookie = rng.choice(self.setup["residents"])["cookie"]
        if kind == "resident":
            return kind, ("GET", rng.choice(self.setup["resident_pages"]), b"", {"Cookie": cookie})
        return kind, self.sign_up(cookie, rng.choice(self.setup["traffic_courses"]))


class Traffic:
    """Clients sending the mix until stopped: each as fast as it can (no `rate`), or all
    together about `rate` requests a second."""

    def __init__(self, port: int, mix: Mix, *, rate: float | None = None, connections=CONNECTIONS):
        self.port, self.mix, self.hits = port, mix, []
        self.interval = connections / rate if rate else 0
        self._stop = threading.Event()
        self._clients = [
            threading.Thread(target=self._client, args=(n,), daemon=True)
            for n in range(connections)
        ]

    def __enter__(self):
        self.began = time.monotonic()
        for client in self._clients:
            client.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for client in self._clients:
            client.join(timeout=90)
        self.ended = time.monotonic()

    def _client(self, n: int) -> None:
        rng = random.Random(n)
        next_at = time.monotonic() + rng.random() * self.interval
        while not self._stop.is_set():
            if self.interval:
                if self._stop.wait(max(0.0, next_at - time.monotonic())):
                    break
                next_at = max(next_at + self.interval, time.monotonic() - 1)  # no bursts
            kind, request = self.mix.pick(rng)
            answer = send(self.port, *request)
            ok = answer.status == (302 if request[0] == "POST" else 200)
            self.hits.append(Hit(kind, answer.status, answer.sent, answer.ms, ok, friendly(answer)))

    def between(self, start: float, end: float) -> list[Hit]:
        return [hit for hit in self.hits if start <= hit.sent < end]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def statuses(hits: list[Hit]) -> str:
    """How many of each status, and which kinds of request did not get theirs."""
    counts = collections.Counter(hit.status for hit in hits)
    text = ", ".join(f"{n} × {status or 'no answer'}" for status, n in sorted(counts.items()))
    failed = collections.Counter(hit.kind for hit in hits if not hit.ok)
    if failed:
        text += "; not 200 or 302: " + ", ".join(f"{n} {kind}" for kind, n in failed.items())
    return text


# --- The run -----------------------------------------------------------------------------------


Verdict = tuple[bool | None, str]  # passed (None: skipped), and the figures


@dataclasses.dataclass
class Result:
    number: int
    name: str
    passed: bool | None  # None: skipped
    figures: str

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "SKIP"}[self.passed]


@dataclasses.dataclass
class Run:
    port: int
    postgres: PrivatePostgres
    redis: PrivateRedis
    gunicorn: subprocess.Popen
    setup: dict
    mix: Mix
    media: Path
    gunicorn_log: Path
    half: float = 0.0
    saturated: float = 0.0

    def sql(self, query: str, params=()) -> list[tuple]:
        connection = psycopg2.connect(f"{self.postgres.url}/{DATABASE}", connect_timeout=5)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def workers(self) -> list[int]:
        master = self.gunicorn.pid
        return [
            int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()
        ]

    def memory(self) -> dict[int, float]:
        """Each worker's resident memory, MB."""
        sizes = {}
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
        return sizes

    def places_wrong(self) -> int:
        """Courses and events whose count of places taken is not their confirmed sign-ups, or is
        more than their capacity."""
        wrong = 0
        for table, column in (("schools_course", "course_id"), ("schools_event", "event_id")):
            query = f"""
                select count(*) from {table} o
                where o.seats_taken > o.capacity or o.seats_taken <> (
                    select count(*) from schools_enrolment e
                    where e.{column} = o.id and e.status = 'confirmed')"""  # our fixed names
            wrong += self.sql(query)[0][0]
        return wrong

    def duplicates(self) -> int:
        return self.sql(
            """select count(*) from (select 1 from schools_enrolment where status <> 'cancelled'
               group by course_id, event_id, resident_id having count(*) > 1) d"""
        )[0][0]

    def sign_ups(self, course: int) -> dict:
        rows = self.sql(
            "select status, count(*) from schools_enrolment where course_id = %s group by status",
            [course],
        )
        taken = self.sql("select seats_taken from schools_course where id = %s", [course])[0][0]
        return {**dict(rows), "seats_taken": taken}

    def median_ms(self, path: str, times: int = 25) -> float:
        return percentile([send(self.port, "GET", path).ms for _ in range(times)], 0.5)


def build(cleanup: contextlib.ExitStack) -> Run:
    """The private servers, the database with the demo data, and gunicorn, each stopped and
    removed by `cleanup` however the run ends."""
    folder = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
    media = folder / "media"
    media.mkdir()
    cleanup.callback(unmount, media)  # before the folder is removed
    postgres = PrivatePostgres(bench.free_port())
    cleanup.callback(postgres.remove)
    postgres.create()
    postgres.start()
    cache = PrivateRedis(bench.free_port(), folder)
    cleanup.callback(cache.stop)
    cache.start()
    log(f"PostgreSQL on port {postgres.port}, Redis on port {cache.port}, files in {folder}")

    admin = psycopg2.connect(f"{postgres.url}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')  # our own fixed name
    admin.close()
    env = {
        **bench.env_for(DATABASE, folder / "static"),
        "DATABASE_URL": f"{postgres.url}/{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:{cache.port}/0",
        "MEDIA_ROOT": str(media),
    }
    started = time.monotonic()
    log("migrating and loading the demo data …")
    bench.manage(env, "migrate", "--noinput", "-v", "0")
    catalogue = bench.BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django"
    mo = catalogue.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < catalogue.with_suffix(".po").stat().st_mtime:
        bench.manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
    bench.manage(env, "collectstatic", "--noinput", "-v", "0")
    bench.manage(env, "load_demo")
    bench.manage(env, "ensure_demo_admin")  # the staff page bench/probe.py names
    connection = psycopg2.connect(env["DATABASE_URL"])
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    probe = subprocess.run(
        [bench.PYTHON, str(bench.BASE / "bench" / "fault_probe.py"), "setup"],
        cwd=bench.BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    if probe.returncode:
        raise RuntimeError(f"fault_probe.py setup failed:\n{probe.stderr[-3000:]}")
    setup = json.loads(probe.stdout.strip().splitlines()[-1])
    log(f"data built in {time.monotonic() - started:.0f} s")
    port = bench.free_port()
    gunicorn_log = folder / "gunicorn.log"
    output = cleanup.enter_context(gunicorn_log.open("w"))
    gunicorn = bench.start_gunicorn(env, port, log=output)
    cleanup.callback(stop, gunicorn)
    return Run(port, postgres, cache, gunicorn, setup, Mix(setup), media, gunicorn_log)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def unmount(path: Path) -> None:
    if os.path.ismount(path) and subprocess.run(["umount", str(path)]).returncode:
        subprocess.run(["umount", "--lazy", str(path)], check=False)


def saturation(run: Run) -> None:
    """The mix as fast as it goes: the median of three runs (a shared machine is noisy)."""
    with Traffic(run.port, run.mix, connections=SATURATING_CONNECTIONS):
        time.sleep(3)  # warm up
    rates = []
    for _ in range(3):
        with Traffic(run.port, run.mix, connections=SATURATING_CONNECTIONS) as traffic:
            time.sleep(8)
        rates.append(len(traffic.hits) / (traffic.ended - traffic.began))
    run.saturated = sorted(rates)[1]
    run.half = run.saturated / 2
    log(f"saturation: {run.saturated:.0f} req/s of the mix; the checks run at {run.half:.0f}")


# --- The checks --------------------------------------------------------------------------------


def check_redis(run: Run) -> Verdict:
    course = run.setup["redis_course"]
    page = "/courses/"
    pids = run.workers()
    with Traffic(run.port, run.mix, rate=run.half) as traffic:
        time.sleep(3)
        run.median_ms(page, 3)
        before = run.median_ms(page)
        run.redis.stop()
        stopped = time.monotonic()
        time.sleep(2)
        # 60 residents race for 10 places, 20 of them signing up twice (a double tap).
        cookies = [resident["cookie"] for resident in run.setup["residents"][:60]]
        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
            race = list(
                pool.map(
                    lambda c: send(run.port, *run.mix.sign_up(c, course)), cookies + cookies[:20]
                )
            )
        during = run.median_ms(page)
        time.sleep(max(0.0, 10 - (time.monotonic() - stopped)))
        run.redis.start()
        back = time.monotonic()
        time.sleep(2)
        run.median_ms(page, 3)  # the page is kept again
        hits = int(run.redis.client().info("stats")["keyspace_hits"])
        after = run.median_ms(page)
        hits = int(run.redis.client().info("stats")["keyspace_hits"]) - hits
        time.sleep(3)
    outage = traffic.between(stopped, back)
    failed = [hit for hit in traffic.hits if not hit.ok]
    places = run.sign_ups(course)
    confirmed, waitlisted = places.get("confirmed", 0), places.get("waitlisted", 0)
    race_failed = sum(answer.status != 302 for answer in race)
    passed = (
        not failed
        and len(outage) > 0
        and not race_failed
        and confirmed == places["seats_taken"] == 10
        and waitlisted == 50
        and run.duplicates() == 0
        and hits > 0
        and after < during
        and run.workers() == pids
    )
    figures = (
        f"{len(traffic.hits)} requests, {len(outage)} while Redis was down for "
        f"{back - stopped:.0f} s, {len(failed)} failed ({statuses(traffic.hits)}); "
        f"sign-up race of 80 posts from 60 residents for 10 places while down: {confirmed} "
        f"confirmed, {waitlisted} waitlisted, seats_taken {places['seats_taken']}, "
        f"{race_failed} failed, {run.duplicates()} duplicates; /courses/ median {before:.1f} ms "
        f"cached, {during:.1f} ms with Redis down, {after:.1f} ms after it came back "
        f"({hits} cache hits in Redis); workers not restarted: {run.workers() == pids}"
    )
    return passed, figures


def check_postgres(run: Run) -> Verdict:
    pids = run.workers()
    with Traffic(run.port, run.mix, rate=run.half) as traffic:
        time.sleep(3)
        stopped = time.monotonic()
        run.postgres.stop()
        time.sleep(5)
        run.postgres.start()
        started = time.monotonic()
        time.sleep(12)
    gap = [hit for hit in traffic.hits if not hit.ok]
    unfriendly = [hit for hit in gap if not hit.friendly]
    outside = [hit for hit in gap if hit.sent + hit.ms / 1000 < stopped]  # before the fault
    recovered = max((hit.sent + hit.ms / 1000 for hit in gap), default=started) - started
    tail = traffic.between(traffic.ended - 5, traffic.ended)
    wrong, duplicates = run.places_wrong(), run.duplicates()
    passed = (
        len(gap) > 0
        and not unfriendly
        and not outside
        and recovered < 10
        and all(hit.ok for hit in tail)
        and wrong == 0
        and duplicates == 0
        and run.workers() == pids
    )
    figures = (
        f"{len(traffic.hits)} requests ({statuses(traffic.hits)}); PostgreSQL down "
        f"{started - stopped:.1f} s: {len(gap)} requests got the 503 page, {len(unfriendly)} "
        f"anything else; served normally again {max(recovered, 0):.1f} s after it was back, "
        f"without a restart (workers unchanged: {run.workers() == pids}); courses and events "
        f"whose places disagree with their confirmed sign-ups: {wrong}; duplicate sign-ups: "
        f"{duplicates}"
    )
    return passed, figures


def worker_with_port(port: int, pids: list[int]) -> int | None:
    """The worker whose TCP connection leaves from this local port."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return pid
    return None


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    return None


def check_worker_kill(run: Run) -> Verdict:
    """The sign-up is held, from our own connection, just before its row is written (the place
    is already counted in its transaction); its worker is killed there."""
    course, resident = run.setup["kill_course"], run.setup["residents"][-1]
    request = run.mix.sign_up(resident["cookie"], course)
    live = """select count(*) from schools_enrolment e join community_resident r
              on r.id = e.resident_id where r.user_id = %s and e.course_id = %s
              and e.status <> 'cancelled'"""
    answers = []
    locker = psycopg2.connect(f"{run.postgres.url}/{DATABASE}")
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE schools_enrolment IN SHARE MODE")
        client = threading.Thread(target=lambda: answers.append(send(run.port, *request)))
        client.start()
        backend = wait_for(
            lambda: run.sql(
                """select pid, client_port from pg_stat_activity where datname = %s and
                   wait_event_type = 'Lock' and query like 'INSERT INTO "schools_enrolment"%%'""",
                [DATABASE],
            ),
            20,
        )
        if not backend:
            return False, "the sign-up never reached its insert"
        backend_pid, client_port = backend[0]
        worker = worker_with_port(client_port, run.workers())
        if worker is None:
            return False, "no worker holds that connection"
        os.kill(worker, signal.SIGKILL)
        client.join(timeout=30)
    finally:
        locker.rollback()
        locker.close()
    gone = wait_for(
        lambda: not run.sql("select 1 from pg_stat_activity where pid = %s", [backend_pid]), 20
    )
    after_kill = run.sql(live, [resident["user"], course])[0][0]
    taken_after_kill = run.sign_ups(course)["seats_taken"]
    respawned = wait_for(
        lambda: len(run.workers()) == bench.WORKERS and worker not in run.workers(), 30
    )
    retries = [send(run.port, *request).status for _ in range(2)]
    final = run.sql(live, [resident["user"], course])[0][0]
    places = run.sign_ups(course)
    killed_status = answers[0].status if answers else None
    passed = (
        killed_status == 0
        and gone
        and after_kill == 0
        and taken_after_kill == 0
        and retries == [302, 302]
        and final == 1
        and places.get("confirmed", 0) == places["seats_taken"] == 1
        and bool(respawned)
    )
    figures = (
        f"worker {worker} killed while its sign-up waited to write its row (the place already "
        f"counted in its open transaction); the client got {killed_status or 'no answer'}; after "
        f"the kill: {after_kill} sign-ups, seats_taken {taken_after_kill} (nothing half-written); "
        f"the resident retried twice: {retries[0]}, {retries[1]}; now {final} sign-up, "
        f"seats_taken {places['seats_taken']}; a new worker in its place: {bool(respawned)}"
    )
    return passed, figures


def photo() -> bytes:
    size = (800, 600)
    bands = [Image.linear_gradient("L"), Image.radial_gradient("L"), Image.new("L", (256, 256))]
    image = Image.merge("RGB", [band.resize(size) for band in bands])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def deed_report(run: Run, cookie: str, picture: bytes) -> Answer:
    boundary = uuid.uuid4().hex
    fields = {
        "csrfmiddlewaretoken": run.setup["csrf"],
        "title": "故障测试：楼下李阿姨义务打扫楼道",
        "date": (
            datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=2)
        ).isoformat(),
        "category": "for_community",
        "community": str(run.setup["community"]),
        "beneficiary": "",
        "story": "李阿姨每天早上打扫楼道，坚持了三年，楼里的老人都说她是热心人。",
        "doers": "李阿姨",
        "submission": uuid.uuid4().hex,
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="photo.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + picture
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    headers = {"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    return send(run.port, "POST", "/merit/report/", b"".join(parts), headers)


STORAGE_MESSAGE = (
    "The photos could not be stored just now, so nothing was saved. Please try again later, or "
    "send the report without photos."
)


def check_uploads(run: Run) -> Verdict:
    reporter = run.setup["residents"][0]
    picture = photo()
    message = gettext.translation(
        "django", bench.BASE / "locale", languages=["zh_Hans"], fallback=True
    ).gettext(STORAGE_MESSAGE)

    def deeds() -> int:
        query = "select count(*) from merit_register_deed where submitted_by_id = %s"
        return run.sql(query, [reporter["user"]])[0][0]

    def photos() -> list[tuple[str, str]]:
        return run.sql(
            """select p.image, p.thumbnail from merit_register_deedphoto p join
               merit_register_deed d on d.id = p.deed_id where d.submitted_by_id = %s""",
            [reporter["user"]],
        )

    def refused(case: str) -> tuple[bool, str]:
        before = deeds(), len(photos())
        answer = deed_report(run, reporter["cookie"], picture)
        told = message in html.unescape(answer.page)
        left = [p for p in run.media.rglob("*") if p.is_file() and p.name != "filler"]
        ok = answer.status == 200 and told and (deeds(), len(photos())) == before and not left
        return ok, (
            f"{case}: {answer.status}, message shown: {told}, new deeds {deeds() - before[0]}, "
            f"new photo rows {len(photos()) - before[1]}, files left {len(left)}"
        )

    cases = []
    if os.geteuid() == 0:

        def mount(options: str) -> int:
            command = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(run.media)]
            return subprocess.run(command, capture_output=True).returncode

        if mount("size=256k,mode=0755"):
            return None, "cannot mount a tmpfs"
        try:
            with contextlib.suppress(OSError), (run.media / "filler").open("wb", 0) as filler:
                while True:
                    filler.write(b"\0" * 65536)
            cases.append(refused("full (256 KB tmpfs)"))
            unmount(run.media)
            if mount("ro,size=256k"):
                raise RuntimeError("cannot mount a read-only tmpfs")
            cases.append(refused("read-only (tmpfs mounted ro)"))
        finally:
            unmount(run.media)
    else:
        folders = [run.media, *(p for p in run.media.rglob("*") if p.is_dir())]
        try:
            for folder in folders:
                folder.chmod(0o555)
            cases.append(refused("read-only (folders chmod 555; full needs root to mount)"))
        finally:
            for folder in folders:
                folder.chmod(0o755)
    before = deeds()
    answer = deed_report(run, reporter["cookie"], picture)
    missing = [name for row in photos() for name in row if not (run.media / name).is_file()]
    recovered = answer.status == 302 and deeds() == before + 1 and len(photos()) == 1
    passed = all(ok for ok, _ in cases) and recovered and not missing
    figures = "; ".join(text for _, text in cases) + (
        f"; folder writable again: {answer.status}, {len(photos())} photo row(s), "
        f"{len(missing)} row(s) without their file; message: “{message}”"
    )
    return passed, figures


def check_soak(run: Run) -> Verdict:
    window = min(60.0, SOAK_SECONDS / 3)
    with Traffic(run.port, run.mix, rate=run.half) as traffic:
        time.sleep(window)
        first_memory, first_load = run.memory(), os.getloadavg()[0]
        time.sleep(SOAK_SECONDS - window)
        last_memory, last_load = run.memory(), os.getloadavg()[0]
    first = [hit.ms for hit in traffic.between(traffic.began, traffic.began + window)]
    last = [hit.ms for hit in traffic.between(traffic.ended - window, traffic.ended)]
    first_p95, last_p95 = percentile(first, 0.95), percentile(last, 0.95)
    failed = [hit for hit in traffic.hits if not hit.ok]
    same_workers = first_memory.keys() == last_memory.keys()
    growth = max(
        (last_memory[pid] / first_memory[pid] - 1 for pid in first_memory if pid in last_memory),
        default=float("nan"),
    )
    rate = len(traffic.hits) / (traffic.ended - traffic.began)
    # Stable: within half as much again, or 10 ms (a shared 2-core machine is noisy).
    stable = last_p95 <= max(1.5 * first_p95, first_p95 + 10)
    wrong, duplicates = run.places_wrong(), run.duplicates()
    passed = not failed and same_workers and growth < 0.10 and stable and wrong == duplicates == 0

    def sizes(memory: dict[int, float]) -> str:
        return ", ".join(f"{mb:.0f}" for mb in memory.values())

    figures = (
        f"{SOAK_SECONDS} s at {rate:.0f} req/s ({len(traffic.hits)} requests, "
        f"{statuses(traffic.hits)}), {len(failed)} failed; worker memory {sizes(first_memory)} MB "
        f"after {window:.0f} s, {sizes(last_memory)} MB at the end (largest growth "
        f"{100 * growth:+.1f} %, same workers: {same_workers}); p95 {first_p95:.1f} ms in the "
        f"first {window:.0f} s, {last_p95:.1f} ms in the last (machine load {first_load:.1f}, "
        f"then {last_load:.1f}); places wrong {wrong}, duplicates {duplicates}"
    )
    return passed, figures


CHECKS = {
    "Redis stopped during traffic": check_redis,
    "PostgreSQL restarted during traffic": check_postgres,
    "gunicorn worker killed mid-sign-up": check_worker_kill,
    "upload folder full or read-only": check_uploads,
    "soak at half saturation": check_soak,
}


def section(run: Run, results: list[Result], server_errors: int) -> str:
    mix = ", ".join(f"{kind} {100 * weight // sum(MIX.values())} %" for kind, weight in MIX.items())
    rows = "\n".join(f"| {r.number}. {r.name} | {r.verdict} | {r.figures} |" for r in results)
    return (
        f"{bench.FAULTS_HEADING}\n\n{bench.machine()}; `make faults`: gunicorn with "
        f"{bench.WORKERS} workers, DEBUG off, the demo data, on a private PostgreSQL and Redis; "
        f"mixed traffic ({mix}) from {CONNECTIONS} connections at half saturation "
        f"({run.half:.0f} of {run.saturated:.0f} req/s).\n\n"
        f"| check | result | figures |\n|---|---|---|\n{rows}\n\n"
        f"Server errors (500) in gunicorn's log over the whole run: {server_errors}.\n"
    )


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the cleanup runs
    results = []
    with contextlib.ExitStack() as cleanup:
        run = build(cleanup)
        saturation(run)
        for number, (name, check) in enumerate(CHECKS.items(), 1):
            log(f"{number}. {name} …")
            try:
                result = Result(number, name, *check(run))
            except Exception as error:  # a broken check is a failed one; the others still run
                result = Result(number, name, False, f"error: {error!r}")
            results.append(result)
            log(f"{result.verdict} {result.number}. {result.name}: {result.figures}")
        server_errors = run.gunicorn_log.read_text(errors="replace").count("Internal Server Error")
    report = section(run, results, server_errors)
    bench.write_results(faults=report)
    print(report)
    return 1 if server_errors or any(result.passed is False for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
