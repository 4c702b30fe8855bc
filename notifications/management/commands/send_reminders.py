"""The periodic side of messages: reminders, staff alerts, and deliveries whose job was lost.

Each app's `notices.periodic(now)` decides what is due; sending each thing once is kept by the
messages' dedupe keys, so running this often (hourly from a systemd timer, or `--every` in
development) never tells anyone twice.
"""

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from notifications.tasks import sweep


def periodic_jobs():
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.notices")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.notices":
                raise
            continue
        if hasattr(module, "periodic"):
            yield config.name, module.periodic


class Command(BaseCommand):
    help = "Send the reminders and staff alerts that are due, and queue lost deliveries again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (development; production uses a timer).",
        )

    def handle(self, *args, every, **options):
        self.verbosity = options["verbosity"]
        while True:
            self.run_once()
            if not every:
                return
            time.sleep(every)

    def run_once(self):
        now = timezone.now()
        for app, periodic in periodic_jobs():
            with transaction.atomic():
                counts = periodic(now)
            for what, count in counts.items():
                if count or self.verbosity > 1:
                    self.stdout.write(f"{app}: {what}: {count} told")
        swept = sweep()
        if swept:
            self.stdout.write(f"Queued {swept} waiting deliveries again")
