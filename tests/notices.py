"""Reading what the portal told people, and running the task queue, in tests."""

import json
from pathlib import Path
from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker

from notifications.models import Delivery, Message


class Outbox:
    """The SMS the file backend wrote."""

    def __init__(self, folder: Path):
        self.folder = folder

    def sent(self) -> list[dict]:
        path = self.folder / "sms.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line]

    def to(self, mobile: str) -> list[str]:
        return [sms["text"] for sms in self.sent() if sms["to"] == mobile]


def run_queue(max_tasks: int | None = None) -> None:
    """Run every job that is due with the worker `manage.py db_worker` uses, in this process.

    Inside a test's transaction the worker must keep the test's connection: its recycling of
    old connections (which a moved clock would trigger) is left out here."""
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _worker(max_tasks).run()


def _worker(max_tasks):
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def told(kind: str, **filters) -> list[Message]:
    return list(Message.objects.filter(kind=kind, **filters).order_by("pk"))


def channels(message: Message) -> set[str]:
    return set(Delivery.objects.filter(message=message).values_list("channel", flat=True))
