"""Make sure the demo staff account exists, and say how to log in with it."""

import os
import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from community import roles
from community.models import User

DEMO_ADMIN_MOBILE = "13900000000"


class Command(BaseCommand):
    help = "Create the demo staff account if missing (password: DEMO_ADMIN_PASSWORD or generated)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        user = User.objects.filter(mobile=DEMO_ADMIN_MOBILE).first()
        if user is None:
            password = password or secrets.token_urlsafe(12)
            user = User.objects.create_superuser(
                mobile=DEMO_ADMIN_MOBILE, name="演示管理员", password=password
            )
            user.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo staff account created: mobile {DEMO_ADMIN_MOBILE}, password {password}"
                )
            )
            self.stdout.write("This password is shown only now; keep it.")
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(
                f"Demo staff account {DEMO_ADMIN_MOBILE}: password set from DEMO_ADMIN_PASSWORD."
            )
        else:
            self.stdout.write(
                f"Demo staff account {DEMO_ADMIN_MOBILE} exists (its password was shown when "
                "it was created; set DEMO_ADMIN_PASSWORD to reset it)."
            )
