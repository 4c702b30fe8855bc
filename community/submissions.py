"""One-time tokens that make a form sent twice (a double tap, a resent page) count once."""

import uuid

from django import forms
from django.core.cache import cache

DAY = 24 * 3600


class SubmissionField(forms.CharField):
    """A hidden token, new each time the form is shown."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(max_length=32, initial=lambda: uuid.uuid4().hex, **kwargs)


def claim(token: str) -> bool:
    """True the first time a token is claimed; False for every repeat (shared cache)."""
    return bool(token) and cache.add(f"submission:{token}", 1, timeout=DAY)


def release(token: str) -> None:
    """Unclaim a token whose form was refused after it was claimed, so sending it again counts."""
    if token:
        cache.delete(f"submission:{token}")
