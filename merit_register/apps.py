from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeritRegisterConfig(AppConfig):
    name = "merit_register"
    verbose_name = _("Merit register")
