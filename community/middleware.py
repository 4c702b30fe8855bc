"""Request ids and structured request logs; the staff rules: idle timeout and second factor."""

import contextvars
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import roles

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
logger = logging.getLogger("portal.request")
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# Staff who see children's data or publish to the public need a second factor.
SECOND_FACTOR_ROLES = {roles.STREET_ADMIN, roles.STATION_COORDINATOR, roles.MERIT_REVIEWER}
PROTECTED_PREFIXES = ("/admin/", "/staff/", "/dashboard/")


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


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID if sane), send it back, log the request.

    The log line holds the method, path (without its query string, which may hold names),
    status and duration; never a parameter, a form value or a cookie.
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
                        "path": request.path,
                        "status": response.status_code,
                        "ms": round((time.monotonic() - started) * 1000, 1),
                    }
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def needs_second_factor(user) -> bool:
    if not (settings.OTP_REQUIRED and user.is_authenticated and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()


class StaffSecurityMiddleware:
    """Staff sessions end after STAFF_IDLE_SECONDS without a request; staff who need a second
    factor reach the admin and staff pages only after entering their TOTP code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
            if (
                request.path.startswith(PROTECTED_PREFIXES)
                and not user.is_verified()
                and needs_second_factor(user)
            ):
                return redirect(
                    f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)
