"""Load the demo programme: the street, its committees and residents, then each app's own data.

Every app that has a `demo` module with a `load(progress)` function adds its part, in the order of
INSTALLED_APPS, so a new app extends this command without editing it. Running it twice changes
nothing: every part looks its rows up by a natural key before creating them.

`--scale N` adds N-1 more streets (a district) through each demo module's `load_scale(progress,
streets)`, with bulk inserts: N=1 is the demo, N=50 a district of fifty streets.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from community.demo import STREET, Progress, street_name
from community.models import Street


class Command(BaseCommand):
    help = "Load the demo data of the programme (idempotent); --scale N for N streets."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="streets' worth of data")

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        progress = Progress(self.stdout)
        modules = []
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is not None:
                modules.append(import_module(module_name))
        for module in modules:
            with transaction.atomic():
                module.load(progress)
        if scale > 1:
            streets = []
            for index in range(2, scale + 1):
                street, _created = Street.objects.get_or_create(
                    name=street_name(index),
                    defaults={k: v for k, v in STREET.items() if k != "name"},
                )
                streets.append(street)
            for module in modules:
                if hasattr(module, "load_scale"):
                    with transaction.atomic():
                        module.load_scale(progress, streets)
        if connection.vendor == "postgresql":
            # Statistics for the planner: without them (autovacuum may be off, or not yet run)
            # a report over five years of attendance can take half a minute instead of a blink.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
