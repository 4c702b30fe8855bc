"""Figures of the merit register, for the home page and the programme dashboard."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .models import Board, Deed
from .services import TOTALS_CACHE_KEY


def home_totals() -> list[tuple[str, int]]:
    """Published deeds and posted boards; cached, and cleared when either changes."""
    totals = cache.get(TOTALS_CACHE_KEY)
    if totals is None:
        totals = {
            "deeds": Deed.objects.published().count(),
            "boards": Board.objects.public().count(),
        }
        cache.set(TOTALS_CACHE_KEY, totals, timeout=600)
    return [
        (_("good deeds recorded"), totals["deeds"]),
        (_("merit boards posted"), totals["boards"]),
    ]
