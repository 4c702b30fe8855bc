"""The admin site of the portal: Django's, with other packages' model names in Chinese."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for model in app["models"]:
                # A package that names its models without gettext ("TOTP devices") is
                # translated from our catalogue; our own names are translated already.
                model["name"] = gettext(str(model["name"]))
        return apps


class PortalAdminConfig(AdminConfig):
    default_site = "community.admin_site.PortalAdminSite"
