"""工作台: what waits for a staff member today, and the tools of their role.

Each app may have a `workbench` module, found as the dashboard finds `reports`: it defines
`waiting(user, now)` (work with a count and where to do it) and `tools(user)` (the pages the
user's role may open). A module answers only what the user's permissions allow, so a role sees
exactly its own work.
"""

import datetime
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .permissions import staff_only


@dataclass(frozen=True)
class Waiting:
    label: str | Promise
    count: int
    url: str


@dataclass(frozen=True)
class Tool:
    label: str | Promise
    url: str


def app_workbenches() -> list:
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.workbench"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def waiting_for(user, now: datetime.datetime | None = None) -> list[Waiting]:
    now = now or timezone.now()
    return [
        item
        for module in app_workbenches()
        if hasattr(module, "waiting")
        for item in module.waiting(user, now)
    ]


def tools_for(user) -> list[Tool]:
    return [
        tool
        for module in app_workbenches()
        if hasattr(module, "tools")
        for tool in module.tools(user)
    ]


def general_tools(user) -> list[Tool]:
    """Every staff member's: the dashboard, this year's summary and the admin."""
    year = timezone.localdate().year
    return [
        Tool(_("Programme dashboard"), reverse("dashboard")),
        Tool(_("Annual summary"), reverse("summary", args=[year])),
        Tool(_("Administration"), reverse("admin:index")),
    ]


@staff_only
def workbench(request):
    items = waiting_for(request.user)
    return render(
        request,
        "community/workbench.html",
        {
            "waiting": [item for item in items if item.count],
            "nothing_waiting": not any(item.count for item in items),
            "tools": tools_for(request.user) + general_tools(request.user),
        },
    )
