"""A limit on posts to public forms, per client address, counted in the shared cache."""

import functools
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

LOGIN_FAILURE_WINDOW = 15 * 60


def client_address(request) -> str:
    """The client's address; behind DJANGO_PROXY_COUNT proxies, from X-Forwarded-For."""
    hops = settings.PROXY_COUNT
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


# What a form shown again over the limit says (see `keep_typed`).
TYPED_TEXT_KEPT = _(
    "Many forms were sent from your connection in a short time, so this one was not saved. "
    "What you typed is kept below: please wait a minute, then send it again."
)


def limit_posts(scope: str, *, keep_typed=None):
    """At most PUBLIC_FORM_POSTS_PER_MINUTE posts a minute from one address to this view;
    more get a friendly 429 page. GETs are never counted.

    `keep_typed`, a view that shows the form again bound to what was sent and saves nothing,
    answers a post over the limit instead of the 429 page (with status 429 still), so a
    resident who typed a long story does not lose it. The limited view itself does not run."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                window = int(time.time() // 60)
                key = f"throttle:{scope}:{client_address(request)}:{window}"
                cache.add(key, 0, timeout=120)
                try:
                    count = cache.incr(key)
                except ValueError:  # evicted between add and incr
                    cache.set(key, 1, timeout=120)
                    count = 1
                if count > settings.PUBLIC_FORM_POSTS_PER_MINUTE:
                    if keep_typed is None:
                        return _too_many(request)
                    return _too_many_kept(keep_typed(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one more request under `key` and say whether it is more than `limit` within
    `window` seconds of the first one, in the shared cache."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def _too_many(request):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def _too_many_kept(response):
    if response.status_code == 200:  # not a redirect to the login page
        response.status_code = 429
        response["Retry-After"] = "60"
    return response


def _login_failures_key(request) -> str:
    return f"login-failures:{client_address(request)}"


@receiver(user_login_failed, dispatch_uid="count-login-failures-per-address")
def _count_login_failure(sender, credentials, request=None, **kwargs):
    """Count failed logins per address, whatever the account, in the shared cache."""
    if request is None:
        return
    key = _login_failures_key(request)
    cache.add(key, 0, timeout=LOGIN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=LOGIN_FAILURE_WINDOW)


def limit_login_failures(view):
    """After LOGIN_FAILURES_PER_ADDRESS failed logins from one address within 15 minutes, its
    login attempts wait (password spraying across many accounts); the lockout per account and
    address stays as it is."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            failures = cache.get(_login_failures_key(request), 0)
            if failures >= settings.LOGIN_FAILURES_PER_ADDRESS:
                return _too_many(request)
        return view(request, *args, **kwargs)

    return wrapped
