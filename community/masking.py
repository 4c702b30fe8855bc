"""What the public may see of a text: mobile numbers and a protected person's name masked.

One function for every public field (deed titles and stories, doers, winners), so that what is
hidden on one page is not shown on another.
"""

import re

# A mainland mobile number, in ASCII or full-width digits, with or without spaces or hyphens.
MOBILE = re.compile(r"[1１][\s\-]*[3-9３-９](?:[\s\-]*[0-9０-９]){9}")
MOBILE_MASK = "***********"
# Three digits in a row: a search for them could confirm a masked number.
DIGITS = re.compile(r"\d{3}")


def mask_name(name: str) -> str:
    """A protected person's name as the public sees it: the first character, then ** (张**)."""
    name = name.strip()
    return f"{name[0]}**" if name else ""


def given_name(name: str) -> str:
    """The part of a name people also write alone (秀英 of 欧阳秀英, 桂英 of 张桂英); a
    two-character name has none worth masking on its own (one character is too common)."""
    name = name.strip()
    return name[-2:] if len(name) >= 3 else ""


def public_text(text: str, *, hiding: str = "") -> str:
    """The text with the name `hiding` masked (in full, and its given name alone) and every
    mobile number replaced by stars."""
    hiding = hiding.strip()
    if hiding:
        text = text.replace(hiding, mask_name(hiding))
        if given := given_name(hiding):
            text = text.replace(given, "**")
    return MOBILE.sub(MOBILE_MASK, text)


def searchable(query: str) -> bool:
    """Whether a public search may look for this: not for digits that could be part of a
    masked mobile number."""
    return not DIGITS.search(re.sub(r"[\s\-]", "", query))
