"""Whole public pages kept in the shared cache for visitors who are not logged in.

Each cached page belongs to scopes ("schools", "merit", "site"); a service that changes what a
scope shows calls `changed(scope)`, which moves that scope to a new generation, so every page of
it is rebuilt on its next visit. Logged-in people, and anyone with a pending message, always get
a fresh page.
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

from .context_processors import ELDER_MODE_COOKIE

TIMEOUT = 15 * 60


def _generation_keys(scopes):
    return [f"page-generation:{scope}" for scope in scopes]


def changed(*scopes: str) -> None:
    """Forget the cached pages of these scopes once the current transaction commits."""

    def bump():
        for key in _generation_keys(scopes):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 2, timeout=None)

    transaction.on_commit(bump)


def public_page(*scopes: str):
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                request.method != "GET"
                or "messages" in request.COOKIES
                or request.user.is_authenticated
            ):
                return view(request, *args, **kwargs)
            generations = cache.get_many(_generation_keys(scopes))
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            key = ":".join(
                [
                    "page",
                    *(
                        f"{scope}{generations.get(k, 1)}"
                        for scope, k in zip(scopes, _generation_keys(scopes), strict=True)
                    ),
                    get_language() or "",
                    request.COOKIES.get(ELDER_MODE_COOKIE, "0"),
                    path,
                ]
            )
            cached = cache.get(key)
            if cached is not None:
                content_type, content = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                if not response.cookies:
                    cache.set(key, (response["Content-Type"], response.content), TIMEOUT)
            return response

        return wrapped

    return decorate


class PublicPagesAdminMixin:
    """For a ModelAdmin whose rows appear on cached public pages: any change forgets them."""

    page_scopes: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed(*self.page_scopes)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed(*self.page_scopes)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        changed(*self.page_scopes)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        changed(*self.page_scopes)
