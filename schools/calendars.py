"""iCalendar feeds, so residents can add their courses to a phone calendar."""

import re
from collections.abc import Iterable

from django.core import signing
from icalendar import Calendar, Event

from community.models import Resident

from .models import CourseSession

FEED_SALT = "schools.calendar-feed"
# Line breaks and other control characters: icalendar refuses some (a server error for the whole
# feed) and writes others as they are, which a calendar app may read as a line of its own.
BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def feed_token(resident: Resident) -> str:
    """A token that names a resident's private feed; calendar apps cannot log in."""
    return signing.dumps(resident.pk, salt=FEED_SALT, compress=True)


def resident_from_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None


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
