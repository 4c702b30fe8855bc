"""Finds each app's `reports` module, as the admin finds `admin.py`, so that a new app adds its
figures to the home page and the dashboard without editing either."""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_reports() -> list[ModuleType]:
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.reports"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def home_totals() -> list[tuple[str, int]]:
    return [
        total
        for module in app_reports()
        if hasattr(module, "home_totals")
        for total in module.home_totals()
    ]
