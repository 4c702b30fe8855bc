"""Check-in on the day (扫码签到签退): the coordinator's phone shows a QR code that changes every
minute; a volunteer scans it with their own phone at arrival and again at leaving, and their
hours come from the two, bounded by the session's hours. A coordinator corrects hours with a
reason, which the audit trail keeps.

A code is good once, for a minute (and a short grace for a slow phone), and only for a
volunteer with a place in its session: a code that is old, used already, or of a session the
volunteer has no place in is refused. The code row is locked while it is used, so two phones
cannot both use one code.
"""

import datetime
import secrets
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit
from community.models import AuditEntry, User

from .models import CheckInCode, Shift, TutoringSession, Volunteer

#: A volunteer checks out at the earliest this long after checking in, so that a second scan
#: at arrival does not end the day at once.
LEAST_STAY = datetime.timedelta(minutes=10)


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def hours_between(
    session: TutoringSession,
    checked_in: datetime.datetime | None,
    checked_out: datetime.datetime | None,
) -> Decimal:
    """The hours of a stay within the session's time, in tenths of an hour rounded down; the
    session's hours when the stay was not scanned at both ends."""
    if checked_in is None or checked_out is None:
        return session.hours
    start, end = max(checked_in, session.begins), min(checked_out, session.ends)
    minutes = max(int((end - start).total_seconds() // 60), 0)
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def window(session: TutoringSession) -> tuple[datetime.datetime, datetime.datetime]:
    """From when to when a session's codes are shown and scanned."""
    opens = session.begins - datetime.timedelta(minutes=settings.VOLUNTEERS_CHECKIN_OPENS_MINUTES)
    closes = session.ends + datetime.timedelta(minutes=settings.VOLUNTEERS_CHECKOUT_CLOSES_MINUTES)
    return opens, closes


def window_refusal(session: TutoringSession, now: datetime.datetime) -> str | None:
    """Why a session cannot be checked in to now, or None."""
    if session.status != TutoringSession.Status.PLANNED:
        return _("This Saturday is cancelled.")
    opens, closes = window(session)
    if now < opens:
        return _("Check-in opens on the day, %(minutes)s minutes before the start (%(time)s).") % {
            "minutes": settings.VOLUNTEERS_CHECKIN_OPENS_MINUTES,
            "time": f"{timezone.localtime(opens):%H:%M}",
        }
    if now > closes:
        return _("Check-in for this Saturday is over; ask the coordinator to correct your hours.")
    return None


@transaction.atomic
def current_code(*, session: TutoringSession, by: User) -> CheckInCode:
    """The code the coordinator's page shows now: the last one while it is unused and under a
    minute old, else a new one."""
    if not by.has_perm("volunteers.change_shift"):
        raise PermissionDenied(_("You do not have permission to do this."))
    session = TutoringSession.objects.select_for_update().get(pk=session.pk)
    now = timezone.now()
    refusal = window_refusal(session, now)
    if refusal:
        _refuse(refusal, "closed")
    fresh = now - datetime.timedelta(seconds=settings.VOLUNTEERS_CHECKIN_CODE_SECONDS)
    code = (
        session.checkin_codes.filter(used_at__isnull=True, created_at__gt=fresh)
        .order_by("-created_at")
        .first()
    )
    if code is None:
        code = CheckInCode.objects.create(
            session=session, token=secrets.token_urlsafe(16), created_at=now
        )
    return code


def code_age_limit() -> datetime.timedelta:
    return datetime.timedelta(
        seconds=settings.VOLUNTEERS_CHECKIN_CODE_SECONDS + settings.VOLUNTEERS_CHECKIN_GRACE_SECONDS
    )


@transaction.atomic
def scan(*, token: str, volunteer: Volunteer) -> Shift:
    """A volunteer scanned a code: the first scan checks them in, the second checks them out
    and credits the hours between, within the session's time."""
    now = timezone.now()
    code = CheckInCode.objects.select_for_update().filter(token=token).first()
    if code is None:
        _refuse(_("This code is not known; scan the code on the coordinator's phone."), "unknown")
    if code.used_at is not None:
        _refuse(
            _("This code has been used already; scan the new code on the coordinator's phone."),
            "replayed",
        )
    if now - code.created_at > code_age_limit():
        _refuse(
            _("This code is more than a minute old; scan the new code on the coordinator's phone."),
            "stale",
        )
    session = code.session
    shift = (
        Shift.objects.select_for_update()
        .filter(
            session=session,
            volunteer=volunteer,
            status__in=[Shift.Status.CONFIRMED, Shift.Status.ATTENDED],
        )
        .first()
    )
    if shift is None:
        _refuse(
            _(
                "You have no place in this Saturday session, so you cannot check in to it. "
                "Each volunteer scans with their own phone."
            ),
            "foreign",
        )
    refusal = window_refusal(session, now)
    if refusal:
        _refuse(refusal, "closed")
    if shift.checked_out_at is not None:
        _refuse(_("You have checked out already; thank you for today."), "done")
    if shift.checked_in_at is None:
        shift.checked_in_at = now
        shift.status = Shift.Status.ATTENDED
    elif now - shift.checked_in_at < LEAST_STAY:
        _refuse(_("You have just checked in; scan again when you leave."), "too_soon")
    else:
        shift.checked_out_at = now
        if not shift.hours_corrected_reason:
            shift.hours = hours_between(session, shift.checked_in_at, now)
    shift.save(update_fields=["checked_in_at", "checked_out_at", "status", "hours"])
    code.used_by, code.used_at = volunteer, now
    code.save(update_fields=["used_by", "used_at"])
    return shift


@transaction.atomic
def hours_correct(*, shift: Shift, hours: Decimal, reason: str, by: User) -> Shift:
    """A coordinator sets a volunteer's hours for a session that has begun, with a reason: a
    missed check-out, a phone that had no battery. Zero hours means they did not come."""
    if not by.has_perm("volunteers.change_shift"):
        raise PermissionDenied(_("You do not have permission to do this."))
    shift = Shift.objects.select_for_update().select_related("session").get(pk=shift.pk)
    session = shift.session
    if not session.has_begun():
        _refuse(_("Hours are corrected once the session has begun."), "not_begun")
    if shift.status not in (Shift.Status.CONFIRMED, Shift.Status.ATTENDED, Shift.Status.NO_SHOW):
        _refuse(_("This volunteer has no place in the session."), "state")
    if not reason.strip():
        _refuse(_("Say why the hours are corrected."), "reason")
    if hours < 0 or hours > session.hours:
        _refuse(
            _("The hours must be between 0 and the session's %(hours)s hours.")
            % {"hours": session.hours},
            "bounds",
        )
    before = shift.hours
    shift.hours = hours
    shift.status = Shift.Status.ATTENDED if hours > 0 else Shift.Status.NO_SHOW
    shift.hours_corrected_reason = reason.strip()
    shift.save(update_fields=["hours", "status", "hours_corrected_reason"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.HOURS_CORRECTED,
        target=shift,
        before=str(before),
        after=str(hours),
        reason=shift.hours_corrected_reason,
    )
    return shift
