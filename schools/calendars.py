"""iCalendar feeds, so residents can add their courses to a phone calendar."""

from collections.abc import Iterable

from django.core import signing
from icalendar import Calendar, Event

from community.models import Resident

from .models import CourseSession

FEED_SALT = "schools.calendar-feed"


def feed_token(resident: Resident) -> str:
    """A token that names a resident's private feed; calendar apps cannot log in."""
    return signing.dumps(resident.pk, salt=FEED_SALT, compress=True)


def resident_from_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None


def sessions_calendar(name: str, sessions: Iterable[CourseSession], domain: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//learning-community-portal//schools//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for session in sessions:
        venue = session.venue or session.course.venue
        event = Event()
        event.add("uid", f"course-session-{session.pk}@{domain}")
        event.add("summary", session.course.title)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("dtstamp", session.starts_at)
        if venue:
            event.add("location", f"{venue.name} {venue.address}".strip())
        if session.course.teacher:
            event.add("description", session.course.teacher)
        calendar.add_component(event)
    return calendar.to_ical()
