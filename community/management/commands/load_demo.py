"""Load the demo programme: the street, its committees and residents, then each app's own data.

Every app that has a `demo` module with a `load(progress)` function adds its part, in the order of
INSTALLED_APPS, so a new app extends this command without editing it. Running it twice changes
nothing: every part looks its rows up by a natural key before creating them.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from community.demo import Progress


class Command(BaseCommand):
    help = "Load the demo data of the programme (idempotent)."

    def handle(self, *args, **options):
        progress = Progress(self.stdout)
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(progress)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
