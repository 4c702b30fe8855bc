"""The queue run by real worker processes (`manage.py db_worker`) against PostgreSQL, and SMS
sent through Tencent Cloud's SDK to a local fake of its endpoint."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.models import Delivery
from notifications.tasks import deliver
from tests.notices import Outbox, run_queue

BASE_DIR = Path(__file__).resolve().parents[2]


def worker_env(sms_folder: Path) -> dict:
    database = connection.settings_dict
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_DEBUG": "1",
        "SMS_BACKEND": "file",
        "SMS_FILE_PATH": str(sms_folder),
        "SMS_QUIET_HOURS": "off",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def start_worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115
    )


@pytest.fixture
def people(transactional_db, make_user, settings):
    # Whatever the hour the suite runs at: no quiet hours here, nor in the workers (worker_env).
    settings.NOTIFICATIONS_QUIET_HOURS = None
    return [make_user(mobile=f"1381000{n:04d}", name=f"居民{n}") for n in range(30)]


def test_two_worker_processes_never_deliver_a_message_twice(people, tmp_path):
    with transaction.atomic():
        for person in people:
            services.notify(person, "promoted", {"title": "太极拳"})
    # Each delivery queued a second time, as a sweep after a lost job would.
    for delivery in Delivery.objects.all():
        deliver.enqueue(delivery.pk)
    assert DBTaskResult.objects.count() == 60
    env = worker_env(tmp_path / "sms")
    workers = [start_worker(env, tmp_path / f"worker-{n}.log") for n in range(2)]
    for worker in workers:
        assert worker.wait(timeout=120) == 0, (tmp_path / "worker-0.log").read_text()[-2000:]
    sent = Outbox(tmp_path / "sms").sent()
    assert sorted(sms["to"] for sms in sent) == sorted(p.mobile for p in people)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 60


def test_a_job_enqueued_in_a_transaction_that_rolls_back_is_never_run(people, tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(people[0], "promoted", {"title": "太极拳"})
        deliver.enqueue(1)  # even enqueued directly inside the transaction
        raise RuntimeError("the cause failed")
    assert DBTaskResult.objects.count() == 0
    worker = start_worker(worker_env(tmp_path / "sms"), tmp_path / "worker.log")
    assert worker.wait(timeout=60) == 0
    assert Outbox(tmp_path / "sms").sent() == []


# --- Tencent Cloud SMS through its SDK, against a local fake endpoint --------------------------


class FakeTencentSms(BaseHTTPRequestHandler):
    """Answers SendSms as Tencent Cloud's API does; `answers` decides each reply."""

    requests: list = []
    answers: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeTencentSms.requests.append({"headers": dict(self.headers), "body": body})
        code = FakeTencentSms.answers.pop(0) if FakeTencentSms.answers else "Ok"
        if code.startswith("Error:"):
            response = {"Error": {"Code": code[6:], "Message": "fake error"}, "RequestId": "r1"}
        else:
            response = {
                "SendStatusSet": [
                    {
                        "SerialNo": "2433:fake-serial",
                        "PhoneNumber": body["PhoneNumberSet"][0],
                        "Fee": 1,
                        "SessionContext": body.get("SessionContext", ""),
                        "Code": code,
                        "Message": "send success" if code == "Ok" else "fake failure",
                        "IsoCode": "CN",
                    }
                ],
                "RequestId": "r1",
            }
        data = json.dumps({"Response": response}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def tencent(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTencentSms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTencentSms.requests, FakeTencentSms.answers = [], []
    settings.NOTIFICATIONS_SMS_BACKEND = "notifications.sms.tencent.SmsBackend"
    settings.NOTIFICATIONS_QUIET_HOURS = None
    settings.TENCENT_SMS = {
        "SECRET_ID": "AKIDtest",
        "SECRET_KEY": "secret",
        "APP_ID": "1400000001",
        "SIGN_NAME": "学习型社区",
        "TEMPLATE_ID": "100001",
        "REGION": "ap-guangzhou",
        "ENDPOINT": f"127.0.0.1:{server.server_port}",
        "TIMEOUT": 5,
    }
    yield FakeTencentSms
    server.shutdown()


def test_sms_goes_through_the_tencent_sdk_signed_and_from_the_template(
    tencent, make_user, django_capture_on_commit_callbacks
):
    person = make_user(mobile="13812340000")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notify(person, "promoted", {"title": "太极拳"})
    run_queue()
    (request,) = tencent.requests
    assert request["headers"]["X-TC-Action"] == "SendSms"
    assert request["headers"]["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDtest/")
    body = request["body"]
    assert body["PhoneNumberSet"] == ["+8613812340000"]
    assert (body["SmsSdkAppId"], body["SignName"], body["TemplateId"]) == (
        "1400000001",
        "学习型社区",
        "100001",
    )
    assert body["TemplateParamSet"] == [message.text]
    delivery = Delivery.objects.get(message=message)
    assert (delivery.status, delivery.provider_ref) == ("sent", "2433:fake-serial")
    assert body["SessionContext"] == f"d{delivery.pk}"


def test_a_tencent_rate_limit_is_retried_and_a_wrong_number_fails_at_once(
    tencent, make_user, make_resident, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_RETRY_SECONDS = 0
    tencent.answers = ["LimitExceeded.PhoneNumberDailyLimit", "Ok"]
    person = make_user(mobile="13812340001")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notify(person, "promoted", {"title": "太极拳"})
    run_queue()
    delivery = Delivery.objects.get(message=message)
    assert (delivery.status, delivery.attempts) == ("sent", 2)

    tencent.answers = ["Error:InvalidParameterValue.IncorrectPhoneNumber"]
    resident = make_resident(mobile="13812340002")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notify(resident, "promoted", {"title": "太极拳"})
    run_queue()
    delivery = Delivery.objects.get(message=message)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "IncorrectPhoneNumber" in delivery.last_error
