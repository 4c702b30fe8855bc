"""Anonymise children who left the 爱心班 more than a set number of days ago."""

from django.conf import settings
from django.core.management.base import BaseCommand

from volunteers import services


class Command(BaseCommand):
    help = "Anonymise children who left more than --days days ago (keeps the counts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.VOLUNTEERS_PURGE_AFTER_DAYS,
            help="how long after leaving a child's data is kept (default %(default)s)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only say how many children would be purged"
        )

    def handle(self, *args, days, dry_run, **options):
        children = services.children_to_purge(days=days)
        if dry_run:
            self.stdout.write(
                f"{len(children)} children left more than {days} days ago would be anonymised."
            )
            return
        for n, child in enumerate(children, start=1):
            services.child_erase(child=child, by=None)
            self.stdout.write(f"  anonymised {n} / {len(children)}")
        self.stdout.write(self.style.SUCCESS(f"{len(children)} children anonymised."))
