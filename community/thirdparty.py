"""The apps of other packages, named in Chinese in the admin (their own names are English)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login lockouts")


class TotpConfig(TotpAppConfig):
    verbose_name = _("Second factor")


class TasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


# Strings of Django 6.1's admin and forms that its own Chinese catalogue does not have yet; named
# here so that `make messages` keeps them in ours, which Django consults first.
DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
]


# Names of other packages' models and fields, translated in our catalogue (theirs has no Chinese).
THIRD_PARTY_STRINGS = [
    gettext_noop("TOTP device"),
    gettext_noop("TOTP devices"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("Logout Time"),
    gettext_noop("Search"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
