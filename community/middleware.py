"""Request ids and structured request logs; the staff rules: idle timeout and second factor; a
new password first after a reset at the counter; malformed requests refused."""

import contextvars
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import BadRequest
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from . import roles

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
logger = logging.getLogger("portal.request")
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# Staff who see children's data or publish to the public need a second factor.
SECOND_FACTOR_ROLES = {roles.STREET_ADMIN, roles.STATION_COORDINATOR, roles.MERIT_REVIEWER}
# Routes (as the URL resolver matched them, wherever the portal is mounted) that such staff open
# only after the second factor.
PROTECTED_ROUTES = ("admin/", "staff/", "dashboard/", "accounts/password/")
# Pages (view names) a login whose password staff reset at the counter opens before choosing a
# new one.
BEFORE_NEW_PASSWORD = {
    "password_change",
    "logout",
    "two_factor",
    "two_factor_qr",
    "set_language",
    "elder_mode",
    "healthz",
}


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# Parts of a URL that are secrets: a resident's calendar feed token (schools:my_calendar).
SECRET_URL_KWARGS = {"token"}


def loggable_path(request) -> str:
    """The path as the log keeps it: where the URL carries a secret, the route it matched
    instead (/my/courses/<str:token>/calendar.ics)."""
    match = request.resolver_match
    if match is not None and SECRET_URL_KWARGS & match.kwargs.keys():
        return request.path.removesuffix(request.path_info) + "/" + match.route
    return request.path


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID if sane), send it back, log the request.

    The log line holds the method, path (without its query string, which may hold names, and
    with a secret in the URL, a calendar token, replaced by its route), status and duration;
    never a parameter, a form value or a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            logger.info(
                "request",
                extra={
                    "fields": {
                        "method": request.method,
                        "path": loggable_path(request),
                        "status": response.status_code,
                        "ms": round((time.monotonic() - started) * 1000, 1),
                    }
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def needs_second_factor(user) -> bool:
    """Superusers, the roles above, and staff given permissions one by one."""
    if not (settings.OTP_REQUIRED and user.is_authenticated and user.is_staff):
        return False
    return (
        user.is_superuser
        or user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()
        or user.user_permissions.exists()
    )


def is_protected(resolver_match) -> bool:
    return resolver_match is not None and resolver_match.route.startswith(PROTECTED_ROUTES)


@receiver(user_logged_in, dispatch_uid="staff-session-started")
def _session_started(sender, request, user, **kwargs):
    """A new login starts the staff session's absolute lifetime afresh."""
    if request is not None and hasattr(request, "session"):
        request.session[StaffSecurityMiddleware.SESSION_STARTED] = int(time.time())


class StaffSecurityMiddleware:
    """Staff sessions end after STAFF_IDLE_SECONDS without a request, and STAFF_MAX_SECONDS after
    login whatever happens; staff who need a second factor reach the admin and staff pages only
    after entering their TOTP code. Anyone given a one-time password at the counter chooses a
    new password before any other page (`User.must_change_password`).

    The gate decides on the route the URL resolver matched (after the script prefix), so a
    sub-path mount or a SCRIPT_NAME passed by a proxy cannot walk around it.
    """

    SESSION_STARTED = "staff_session_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            started = request.session.setdefault(self.SESSION_STARTED, int(time.time()))
            if time.time() - started > settings.STAFF_MAX_SECONDS:
                from django.contrib.auth.views import redirect_to_login  # needs the models

                logout(request)
                return redirect_to_login(request.get_full_path())
            request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        response = self.get_response(request)
        if user.is_authenticated and not response.has_header("Cache-Control"):
            # Pages and downloads of a logged-in person are theirs: no shared or disk cache.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            is_protected(request.resolver_match)
            and needs_second_factor(user)
            and not user.is_verified()
        ):
            return redirect(
                f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        if (
            user.is_authenticated
            and user.must_change_password
            and request.resolver_match.view_name not in BEFORE_NEW_PASSWORD
        ):
            return redirect("password_change")
        return None


# The admin's date drill-down (?created_at__year=2026): Django lets a year it cannot put on a
# calendar (2147483648, 9999 + 1) through to a server error.
DATE_PART = re.compile(r"__(year|month|day)$")


def _small_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 4 and int(value) < 9999


class MalformedRequestMiddleware:
    """400 for a request no page can mean, before it reaches a view: a NUL character in the path
    or the query string (PostgreSQL cannot store one, so a lookup with it fails as a server
    error), or a date drill-down that is not a small number."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise BadRequest("A NUL character in the path.")
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("A NUL character in the query string.")
            if DATE_PART.search(key) and not all(_small_number(value) for value in values):
                raise BadRequest(f"{key} is not a date part.")
        return self.get_response(request)
