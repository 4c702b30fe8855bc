"""A limit on posts to public forms, per client address, counted in the shared cache."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request) -> str:
    """The client's address; behind DJANGO_PROXY_COUNT proxies, from X-Forwarded-For."""
    hops = settings.AXES_IPWARE_PROXY_COUNT or 0
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def limit_posts(scope: str):
    """At most PUBLIC_FORM_POSTS_PER_MINUTE posts a minute from one address to this view;
    more get a friendly 429 page. GETs are never counted."""

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
                    response = render(request, "429.html", status=429)
                    response["Retry-After"] = "60"
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
