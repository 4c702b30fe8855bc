"""iCalendar feeds, so residents can add their courses to a phone calendar."""

import re
import secrets
from collections.abc import Iterable

from django.core import signing
from django.utils.crypto import constant_time_compare
from icalendar import Calendar, Event

from community.models import Resident

from .models import CalendarFeed, CourseSession

FEED_SALT = "schools.calendar-feed"
# Line breaks and other control characters: icalendar refuses some (a server error for the whole
# feed) and writes others as they are, which a calendar app may read as a line of its own.
BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _key(resident_pk: int) -> str:
    return (
        CalendarFeed.objects.filter(resident_id=resident_pk).values_list("key", flat=True).first()
        or ""
    )


def feed_token(resident: Resident) -> str:
    """A token that names a resident's private feed (calendar apps cannot log in), with the
    resident's current key, so that renewing the key retires the addresses given before."""
    return signing.dumps([resident.pk, _key(resident.pk)], salt=FEED_SALT, compress=True)


def resident_from_token(token: str) -> int | None:
    """The resident a feed address names, while its key is the current one."""
    try:
        payload = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    if isinstance(payload, int):  # an address given before keys existed: valid until renewed
        payload = [payload, ""]
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        return None
    resident_pk, key = payload
    return resident_pk if constant_time_compare(str(key), _key(resident_pk)) else None


def feed_renew(resident: Resident) -> str:
    """Give the resident a new calendar address; the ones given before stop working."""
    CalendarFeed.objects.update_or_create(
        resident=resident, defaults={"key": secrets.token_urlsafe(16)[:32]}
    )
    return feed_token(resident)


def one_line(text: str) -> str:
    """Text for a property of the feed: every run of line breaks or control characters becomes
    one space."""
    return BREAKS.sub(" ", text).strip()


def sessions_calendar(name: str, sessions: Iterable[CourseSession], domain: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//learning-community-portal//schools//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for session in sessions:
        venue = session.venue or session.course.venue
        event = Event()
        event.add("uid", f"course-session-{session.pk}@{domain}")
        event.add("summary", one_line(session.course.title))
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("dtstamp", session.starts_at)
        if venue:
            event.add("location", one_line(f"{venue.name} {venue.address}"))
        if session.course.teacher:
            event.add("description", one_line(session.course.teacher))
        calendar.add_component(event)
    return calendar.to_ical()
