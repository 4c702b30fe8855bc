"""Make sure the demo staff account exists, and say how to log in with it and with the demo
login of each role (`community.demo.DEMO_LOGINS`), which share its password."""

import os
import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from community import roles
from community.demo import DEMO_ADMIN_MOBILE, DEMO_LOGINS
from community.models import User


class Command(BaseCommand):
    help = (
        "Create the demo staff account if missing (password: DEMO_ADMIN_PASSWORD or generated) "
        "and give the demo login of each role the same password."
    )

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
            self.role_logins(password, every=False)
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(
                f"Demo staff account {DEMO_ADMIN_MOBILE}: password set from DEMO_ADMIN_PASSWORD."
            )
            self.role_logins(password, every=True)
        else:
            self.stdout.write(
                f"Demo staff account {DEMO_ADMIN_MOBILE} exists (its password was shown when "
                "it was created; set DEMO_ADMIN_PASSWORD to reset it)."
            )
            self.role_logins(None, every=False)

    def role_logins(self, password: str | None, *, every: bool) -> None:
        """Give the demo logins load_demo made the admin's password: those without one, or
        `every` one when the password was set anew. Without a password, say how to get one."""
        mobiles = [demo.mobile for demo in DEMO_LOGINS]
        logins = {login.mobile: login for login in User.objects.filter(mobile__in=mobiles)}
        ready, waiting = [], []
        for demo in DEMO_LOGINS:
            login = logins.get(demo.mobile)
            if login is None:
                continue
            if password is not None and (every or not login.has_usable_password()):
                login.set_password(password)
                login.save(update_fields=["password"])
            if login.has_usable_password():
                ready.append(f"  {demo.mobile}  {demo.role or '干部'} · {login.name}")
            else:
                waiting.append(demo.mobile)
        if ready:
            self.stdout.write("Demo logins of each role, with the same password:")
            self.stdout.write("\n".join(ready))
        if waiting:
            self.stdout.write(
                f"Demo logins {', '.join(waiting)} have no password yet: set DEMO_ADMIN_PASSWORD "
                "and run this again to give them and the demo staff account that password."
            )
