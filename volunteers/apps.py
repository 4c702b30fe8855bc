from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("爱心班")

    def ready(self):
        from . import notices  # noqa: F401  (receivers: tell volunteers of changes)
