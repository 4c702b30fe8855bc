"""Whole public pages kept in the shared cache for visitors who are not logged in.

Each cached page belongs to scopes ("site", "schools", "merit"). `FEEDS` below is the one place
that says which models feed which scope: any committed change to one of their rows, through any
door (a service, an admin form, inline or action, a command, the shell), moves the scope to a new
generation, so every page of it is rebuilt on its next visit. Saves, deletes and many-to-many
changes are seen through Django's model signals; updates and bulk writes through
`PageRowsQuerySet`, which every feeding model's manager uses (a system check makes sure).

A page also never outlives a moment it shows (sign-up opening or closing, the next session): a
view names those moments with `expires_at()` and the page is kept no longer. Only canonical
query strings are cached: a parameter the view does not read makes the page uncached. If the
shared cache cannot be reached, pages are served uncached and the fault is logged.
"""

import functools
import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

TIMEOUT = 15 * 60

# Which models' rows each scope's pages show.
FEEDS = {
    "site": ["community.Street", "community.Community"],
    "schools": [
        "schools.School",
        "schools.Branch",
        "schools.Venue",
        "schools.Audience",
        "schools.Course",
        "schools.CourseSession",
        "schools.Enrolment",
        "schools.Event",
        "schools.ContestWinner",
    ],
    "merit": [
        "merit_register.Deed",
        "merit_register.DeedDoer",
        "merit_register.DeedPhoto",
        "merit_register.Board",
        "merit_register.BoardDeed",
    ],
}


def scopes_of(model) -> tuple[str, ...]:
    label = model._meta.label
    return tuple(scope for scope, labels in FEEDS.items() if label in labels)


def feeding_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for labels in FEEDS.values() for label in labels]


def _generation_key(scope: str) -> str:
    return f"page-generation:{scope}"


def changed(*scopes: str) -> None:
    """Forget the cached pages of these scopes once the current transaction commits.

    A new generation is the clock in nanoseconds, never a counter: a generation key lost to
    eviction cannot bring back pages cached under an earlier number.
    """
    if not scopes:
        return

    def bump():
        generation = time.time_ns()
        try:
            cache.set_many({_generation_key(scope): generation for scope in scopes}, None)
        except Exception:
            logger.warning("page cache unreachable: could not forget %s", scopes, exc_info=True)

    transaction.on_commit(bump)


def rows_changed(model) -> None:
    changed(*scopes_of(model))


class PageRowsQuerySet(models.QuerySet):
    """For the models in FEEDS: updates and bulk writes, which send no model signals, also
    make their pages fresh."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            rows_changed(self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows_changed(self.model)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            rows_changed(self.model)
        return rows


def _on_row_signal(sender, **kwargs):
    rows_changed(sender)


def _on_m2m_signal(sender, instance, action, model, **kwargs):
    if action.startswith("post_"):
        rows_changed(type(instance))
        rows_changed(model)


def connect() -> None:
    """Listen to the writes of every feeding model (called once, from the app's ready())."""
    for model in feeding_models():
        post_save.connect(_on_row_signal, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(_on_row_signal, sender=model, dispatch_uid=f"pagecache-del-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_signal,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache-m2m-{model}-{field.name}",
            )


def _generations(scopes: Iterable[str]) -> dict[str, int]:
    keys = {scope: _generation_key(scope) for scope in scopes}
    found = cache.get_many(keys.values())
    missing = [key for key in keys.values() if key not in found]
    if missing:
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, None)
        found.update(cache.get_many(missing))
    return {scope: found.get(key, 0) for scope, key in keys.items()}


def memo(name: str, scopes: Iterable[str], compute: Callable, timeout: int = TIMEOUT):
    """A value computed from the rows of these scopes, kept until one of them changes."""
    try:
        generations = _generations(scopes)
        key = "memo:" + name + ":" + ":".join(f"{s}{g}" for s, g in sorted(generations.items()))
        value = cache.get(key)
    except Exception:
        logger.warning("page cache unreachable: %s computed uncached", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("page cache unreachable: %s not kept", name, exc_info=True)
    return value


def expires_at(request, moments: Iterable) -> None:
    """The page shows these moments: keep it cached no longer than the next one to come."""
    now = timezone.now()
    future = [moment for moment in moments if moment is not None and moment > now]
    if future:
        earliest = min(future)
        current = getattr(request, "_page_expires", None)
        request._page_expires = earliest if current is None else min(current, earliest)


def canonical(request, *, filters: dict | None = None, page=None, cacheable: bool = True) -> None:
    """What the view made of the query string: the filters it used (valid ones only) and the page
    it showed. A request whose query string is not exactly that (a bad filter, a page past the
    end, free text) is served but not kept, so anonymous traffic cannot fill the cache."""
    if not cacheable:
        request._page_canonical = None
        return
    query = QueryDict(mutable=True)
    for name in sorted(filters or {}):
        query.setlist(name, sorted(request.GET.getlist(name)))
    if page is not None and "page" in request.GET:
        query["page"] = str(page.number)
    request._page_canonical = query.urlencode()


def _timeout(request) -> int:
    expires = getattr(request, "_page_expires", None)
    if expires is None:
        return TIMEOUT
    return min(TIMEOUT, math.ceil((expires - timezone.now()).total_seconds()))


def _canonical_query(request, params: Iterable[str]) -> str | None:
    """The query string in canonical form, or None when it holds a parameter the page does not
    read (such a page is served, but not cached)."""
    if set(request.GET) - set(params):
        return None
    canonical = QueryDict(mutable=True)
    for name in sorted(request.GET):
        values = sorted(value for value in request.GET.getlist(name) if value)
        if values:  # a filter form sends its empty fields too
            canonical.setlist(name, values)
    return canonical.urlencode()


def public_page(*scopes: str, params: Iterable[str] = ()):
    """Cache the page for anonymous visitors; `params` are the query parameters it reads."""
    from .context_processors import ELDER_MODE_COOKIE  # imports the models: not at load time

    params = frozenset(params)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                request.method != "GET"
                or "messages" in request.COOKIES
                or request.user.is_authenticated
            ):
                return view(request, *args, **kwargs)
            query = _canonical_query(request, params)
            if query is None:
                return view(request, *args, **kwargs)
            try:
                generations = _generations(scopes)
            except Exception:
                logger.warning("page cache unreachable: serving uncached", exc_info=True)
                return view(request, *args, **kwargs)
            path = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
            key = ":".join(
                [
                    "page",
                    *(f"{scope}{generations[scope]}" for scope in scopes),
                    get_language() or "",
                    request.COOKIES.get(ELDER_MODE_COOKIE, "0"),
                    request.get_host(),
                    path,
                ]
            )
            try:
                cached = cache.get(key)
            except Exception:
                logger.warning("page cache unreachable: serving uncached", exc_info=True)
                cached = None
            if cached is not None:
                content_type, content = cached
                return HttpResponse(content, content_type=content_type)
            request._page_expires = None
            request._page_canonical = query
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                timeout = _timeout(request)
                if not response.cookies and timeout > 0 and request._page_canonical == query:
                    try:
                        cache.set(key, (response["Content-Type"], response.content), timeout)
                    except Exception:
                        logger.warning("page cache unreachable: page not kept", exc_info=True)
            return response

        return wrapped

    return decorate
