"""Validators for the people the portal knows."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# ASCII digits only: `\d` would take ٨ or ８ too. Forms normalise full-width digits first (NFKC).
mobile_validator = RegexValidator(
    regex=r"^1[3-9][0-9]{9}\Z",
    message=_("Enter a mainland mobile number: 11 digits starting with 13 to 19."),
    code="invalid_mobile",
)

# Characters that hide or reorder text without showing: zero-width spaces and joiners, bidi marks,
# embeddings, overrides and isolates, the byte-order mark; and control characters.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\x00-\x1f\x7f-\x9f]")


def visible_text(text: str) -> str:
    """The text without them: after a right-to-left override, 理管道街 would show as 街道管理."""
    return INVISIBLE.sub("", text)
