"""The kinds of message the portal sends, and who gets them by which channel.

Each kind's text is a template, `templates/notifications/kinds/<code>.txt`, written in English
and translated in the catalogue; a text sent by SMS fits one message (70 characters).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    # SMS goes to residents and volunteers; staff are told in the inbox and by e-mail.
    sms: bool = True
    email: bool = True
    # A reminder: the person may opt out of these.
    reminder: bool = False
    # Asked for by the person a moment ago (a code): never held back by quiet hours.
    urgent: bool = False
    # Shown in the inbox (a code is not).
    inbox: bool = True
    # The text holds a secret (a code): blanked out once sent or failed, never shown to staff.
    secret: bool = False


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        Kind("promoted", _("Moved up from the waiting list")),
        Kind("cancelled", _("Cancelled")),
        Kind("changed", _("Time or place changed")),
        Kind("course_reminder", _("Class reminder"), reminder=True),
        Kind("event_reminder", _("Event reminder"), reminder=True),
        Kind("saturday_reminder", _("Saturday reminder"), reminder=True),
        Kind("saturday_cutoff", _("Saturday sign-up closing"), reminder=True),
        Kind("volunteer_verified", _("Volunteer verified")),
        Kind("volunteer_suspended", _("Volunteer suspended")),
        Kind("volunteer_paired", _("Saturday pairing")),
        Kind("deed_approved", _("Deed approved")),
        Kind("deed_returned", _("Deed returned")),
        Kind("deed_published", _("Deed published")),
        Kind("certificate_issued", _("Certificate issued")),
        Kind("broadcast", _("Notice from staff")),
        Kind("staff_volunteer_applied", _("New volunteer application"), sms=False),
        Kind("staff_deed_reported", _("New deed report"), sms=False),
        Kind("staff_attendance_missing", _("Attendance not taken"), sms=False),
        Kind(
            "account_code",
            _("Verification code"),
            email=False,
            urgent=True,
            inbox=False,
            secret=True,
        ),
    ]
}
