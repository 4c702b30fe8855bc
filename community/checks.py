"""System checks of the deployment and of the page cache's coverage."""

from django.conf import settings
from django.core import checks

from . import pagecache

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=False)
def shared_cache_in_production(app_configs, **kwargs):
    """Several app servers (or gunicorn workers) must share one cache: otherwise a change is
    forgotten only by the worker that made it, and limits are counted per worker."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or settings.ALLOW_LOCAL_CACHE or backend not in LOCAL_CACHES:
        return []
    return [
        checks.Error(
            "The cache is kept in each process while DJANGO_DEBUG is off.",
            hint="Set REDIS_URL to a shared cache, or DJANGO_ALLOW_LOCAL_CACHE=1 for a "
            "deployment of a single process.",
            id="community.E001",
        )
    ]


@checks.register()
def page_feeds_see_bulk_writes(app_configs, **kwargs):
    """Every model that feeds a cached page has a manager that reports bulk writes."""
    return [
        checks.Error(
            f"{model._meta.label} feeds cached pages but its default manager's queryset is "
            "not a PageRowsQuerySet, so its updates and bulk writes would leave pages stale.",
            obj=model,
            id="community.E002",
        )
        for model in pagecache.feeding_models()
        if not issubclass(model._default_manager._queryset_class, pagecache.PageRowsQuerySet)
    ]
