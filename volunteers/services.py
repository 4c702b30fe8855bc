"""Writes of the 爱心班: applications, Saturday sign-ups, attendance and hours, pairing, notes,
home visits, grades, outings, and the handling of children's data (view log, export, erase).

Sign-up locks the session row, then the volunteer's, always in that order; the database refuses
confirmed places above the session's places, a second live sign-up per volunteer, and (by
trigger) a pairing or outing for a child without a live guardian consent.
"""

import datetime
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit, places
from community.models import AuditEntry, User
from community.terms import term_dates, term_label

from . import checkin, notices
from .models import (
    Certificate,
    Child,
    ChildAccessLog,
    ChildPresence,
    HomeVisit,
    OutingChild,
    Pairing,
    Shift,
    Station,
    Subject,
    TutoringNote,
    TutoringSession,
    Volunteer,
)
from .models.volunteer import STAR_LABELS, next_star, stars_for
from .pairing import Pair

ERASED = "（已删除）"


def _refuse(message: str, code: str = "invalid"):
    raise ValidationError(message, code=code)


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


# --- Volunteers -------------------------------------------------------------------------------


@transaction.atomic
def volunteer_apply(
    *,
    user: User,
    name: str,
    university: str,
    major: str,
    student_number: str,
    mobile: str,
    subjects: Iterable[Subject],
    pledge_accepted: bool,
) -> Volunteer:
    if not pledge_accepted:
        _refuse(_("Please read and accept the safeguarding pledge."), "pledge")
    if Volunteer.objects.filter(user=user).exists():
        _refuse(_("You have already applied."), "duplicate")
    volunteer = Volunteer.objects.create(
        user=user,
        name=name,
        university=university,
        major=major,
        student_number=student_number,
        mobile=mobile,
        pledge_signed_on=timezone.localdate(),
    )
    volunteer.subjects.set(subjects)
    notices.volunteer_applied(volunteer)
    return volunteer


def record_check_errors(
    *, checked_on: datetime.date | None, result: str, checked_by: str
) -> dict[str, str]:
    """What is wrong with a record check entered to verify a volunteer, by field."""
    errors = {}
    if checked_on is None:
        errors["record_checked_on"] = _("Enter the date of the record check.")
    elif checked_on > timezone.localdate():
        errors["record_checked_on"] = _("The record check cannot be dated in the future.")
    if result != Volunteer.RecordCheck.CLEAR:
        errors["record_check_result"] = _(
            "Only a volunteer whose record check is clear may work with children."
        )
    if not (checked_by or "").strip():
        errors["record_checked_by"] = _("Enter who made the record check.")
    return errors


@transaction.atomic
def volunteer_verify(
    *,
    volunteer: Volunteer,
    by: User,
    record_checked_on: datetime.date | None,
    record_check_result: str,
    record_checked_by: str,
) -> Volunteer:
    """Verify a volunteer on the record check the coordinator made and enters here (the
    未成年人保护法 asks it of everyone who works with children): its date, a clear result and
    who made it. Without them nothing changes."""
    _require(by, "volunteers.change_volunteer")
    errors = record_check_errors(
        checked_on=record_checked_on, result=record_check_result, checked_by=record_checked_by
    )
    if errors:
        raise ValidationError(errors)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.status == Volunteer.Status.VERIFIED:
        _refuse(_("%(name)s is verified already.") % {"name": volunteer.name}, "verified")
    volunteer.status = Volunteer.Status.VERIFIED
    volunteer.verified_by, volunteer.verified_at = by, timezone.now()
    volunteer.record_checked_on = record_checked_on
    volunteer.record_check_result = record_check_result
    volunteer.record_checked_by = record_checked_by.strip()
    volunteer.save(
        update_fields=[
            "status",
            "verified_by",
            "verified_at",
            "record_checked_on",
            "record_check_result",
            "record_checked_by",
        ]
    )
    audit.record(
        actor=by,
        action=AuditEntry.Action.VOLUNTEER_VERIFIED,
        target=volunteer,
        record_checked_on=record_checked_on.isoformat(),
        record_checked_by=volunteer.record_checked_by,
    )
    notices.volunteer_verified(volunteer)
    return volunteer


@transaction.atomic
def volunteer_suspend(*, volunteer: Volunteer, by: User) -> Volunteer:
    """Suspend a volunteer and free their places in the sessions to come."""
    _require(by, "volunteers.change_volunteer")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    volunteer.status = Volunteer.Status.SUSPENDED
    volunteer.save(update_fields=["status"])
    audit.record(actor=by, action=AuditEntry.Action.VOLUNTEER_SUSPENDED, target=volunteer)
    for shift in Shift.objects.live().filter(
        volunteer=volunteer,
        session__date__gte=timezone.localdate(),
        status__in=[Shift.Status.CONFIRMED, Shift.Status.WAITLISTED],
    ):
        shift_cancel(shift=shift, by=by, as_coordinator=True)
    Pairing.objects.filter(volunteer=volunteer, session__date__gte=timezone.localdate()).delete()
    notices.volunteer_suspended(volunteer)
    return volunteer


# --- Saturdays and sign-up --------------------------------------------------------------------


@transaction.atomic
def saturdays_generate(
    *,
    station: Station,
    first_date: datetime.date,
    last_date: datetime.date,
    skip_dates: Iterable[datetime.date] = (),
    starts_at: datetime.time = datetime.time(9, 0),
    ends_at: datetime.time = datetime.time(11, 30),
    capacity: int = 10,
) -> list[TutoringSession]:
    """Create a term's Saturday sessions at a station, skipping holidays; repeatable."""
    if ends_at <= starts_at:
        _refuse(_("A session must end after it starts."), "times")
    if last_date < first_date:
        _refuse(_("The last date must not be before the first date."), "dates")
    skip = set(skip_dates)
    day = first_date + datetime.timedelta(days=(5 - first_date.weekday()) % 7)
    wanted = []
    while day <= last_date:
        if day not in skip:
            wanted.append(day)
        day += datetime.timedelta(days=7)
    existing = set(
        TutoringSession.objects.filter(
            station=station, date__in=wanted, starts_at=starts_at
        ).values_list("date", flat=True)
    )
    return TutoringSession.objects.bulk_create(
        TutoringSession(
            station=station, date=day, starts_at=starts_at, ends_at=ends_at, capacity=capacity
        )
        for day in wanted
        if day not in existing
    )


@transaction.atomic
def shift_signup(*, session: TutoringSession, volunteer: Volunteer) -> Shift:
    """A verified volunteer takes a place, or joins the waiting list when the places are gone."""
    session = places.lock(session)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not volunteer.is_verified:
        _refuse(_("Only verified volunteers can sign up."), "not_verified")
    if session.status != TutoringSession.Status.PLANNED:
        _refuse(_("This Saturday is cancelled."), "cancelled")
    if timezone.now() > session.signup_cutoff():
        _refuse(
            _("Sign-up for this Saturday has closed; please contact the coordinator."), "cutoff"
        )
    if Shift.objects.live().filter(session=session, volunteer=volunteer).exists():
        _refuse(_("You have already signed up for this Saturday."), "duplicate")
    status = Shift.Status.CONFIRMED if places.take(session) else Shift.Status.WAITLISTED
    try:
        with transaction.atomic():
            return Shift.objects.create(session=session, volunteer=volunteer, status=status)
    except IntegrityError as error:
        raise ValidationError(
            _("You have already signed up for this Saturday."), code="duplicate"
        ) from error


def open_saturdays(
    *, volunteer: Volunteer, stations: Iterable[int], first: datetime.date, last: datetime.date
) -> list[TutoringSession]:
    """The Saturdays between two days at some stations that a volunteer can still sign up for:
    planned, before their cut-off, and not signed up for already; in one query."""
    now = timezone.now()
    sessions = (
        TutoringSession.objects.filter(
            station__in=stations,
            status=TutoringSession.Status.PLANNED,
            date__range=(max(first, timezone.localdate(now)), last),
        )
        .exclude(pk__in=Shift.objects.live().filter(volunteer=volunteer).values("session"))
        .select_related("station")
    )
    return [session for session in sessions if now <= session.signup_cutoff()]


def term_saturdays(*, volunteer: Volunteer, station: Station, term: str) -> list[TutoringSession]:
    """The Saturdays of a term at a station that a volunteer can still sign up for."""
    first, last = term_dates(term)
    return open_saturdays(volunteer=volunteer, stations=[station.pk], first=first, last=last)


def term_signup(*, volunteer: Volunteer, station: Station, term: str) -> dict[str, int]:
    """Sign a volunteer up for every Saturday of a term at a station in one step. Each Saturday
    is signed up for on its own (a place, or the waiting list when it is full), so each can be
    cancelled until its cut-off; one that closes meanwhile is counted as closed."""
    if not volunteer.is_verified:
        _refuse(_("Only verified volunteers can sign up."), "not_verified")
    counts = {"confirmed": 0, "waitlisted": 0, "closed": 0}
    for session in term_saturdays(volunteer=volunteer, station=station, term=term):
        try:
            shift = shift_signup(session=session, volunteer=volunteer)
        except ValidationError:
            counts["closed"] += 1
        else:
            counts[shift.status] += 1
    if not counts["confirmed"] and not counts["waitlisted"]:
        _refuse(_("There is no Saturday of this term left to sign up for."), "none")
    return counts


@transaction.atomic
def shift_cancel(*, shift: Shift, by: User, as_coordinator: bool = False) -> Shift | None:
    """Cancel a sign-up; before the cut-off the volunteer may, after it only the coordinator.
    A freed place goes to the first on the waiting list, who is returned."""
    session = places.lock(shift.session)
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if as_coordinator:
        _require(by, "volunteers.change_shift")
    elif timezone.now() > session.signup_cutoff():
        _refuse(
            _("It is past the cut-off; please ask the coordinator to change your sign-up."),
            "cutoff",
        )
    if shift.status not in (Shift.Status.CONFIRMED, Shift.Status.WAITLISTED):
        _refuse(_("This sign-up can no longer be cancelled."), "state")
    was_confirmed = shift.status == Shift.Status.CONFIRMED
    shift.status = Shift.Status.CANCELLED
    shift.save(update_fields=["status"])
    Pairing.objects.filter(session=session, volunteer_id=shift.volunteer_id).delete()
    if not was_confirmed:
        return None
    return places.release(session, Shift.objects.filter(session=session))


@transaction.atomic
def session_resize(*, session: TutoringSession, capacity: int, by: User) -> list[Shift]:
    """Change a Saturday's volunteer places: never below the confirmed places; new places go
    to the waiting list in order, and those moved up are returned."""
    _require(by, "volunteers.change_tutoringsession")
    session = places.lock(session)
    return places.resize(session, Shift.objects.filter(session=session), capacity=capacity)


@transaction.atomic
def attendance_mark(*, session: TutoringSession, attended: Iterable[int], by: User) -> None:
    """Mark who came (attended, with the session's hours) and who did not (no-show, 0 hours),
    once the session has begun."""
    _require(by, "volunteers.change_shift")
    if not session.has_begun():
        _refuse(
            _("This Saturday has not begun: attendance is taken on the day, once it has started."),
            "not_begun",
        )
    attended = set(attended)
    shifts = list(
        Shift.objects.select_for_update().filter(
            session=session,
            status__in=[Shift.Status.CONFIRMED, Shift.Status.ATTENDED, Shift.Status.NO_SHOW],
        )
    )
    if attended - {s.pk for s in shifts}:
        _refuse(_("Some of the people ticked have no place in this session."), "unknown")
    for shift in shifts:
        came = shift.pk in attended
        shift.status = Shift.Status.ATTENDED if came else Shift.Status.NO_SHOW
        if not came:
            shift.hours = 0
        elif not shift.hours_corrected_reason:
            # Hours come from check-in and check-out where the volunteer scanned both; a
            # correction with a reason stands; otherwise a ticked volunteer has the session's.
            shift.hours = checkin.hours_between(session, shift.checked_in_at, shift.checked_out_at)
    Shift.objects.bulk_update(shifts, ["status", "hours"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.HOURS_CREDITED,
        target=session,
        attended=len(attended),
        hours=str(session.hours),
    )


# --- Pairing and notes ------------------------------------------------------------------------


@transaction.atomic
def pairings_save(*, session: TutoringSession, pairs: Sequence[Pair], by: User) -> list[Pairing]:
    """Replace a session's pairings. Only volunteers with a place, only children with consent."""
    _require(by, "volunteers.change_pairing")
    session = TutoringSession.objects.select_for_update().get(pk=session.pk)
    placed = set(
        Shift.objects.filter(
            session=session, status__in=[Shift.Status.CONFIRMED, Shift.Status.ATTENDED]
        ).values_list("volunteer_id", flat=True)
    )
    if {p.volunteer for p in pairs} - placed:
        _refuse(_("Only volunteers with a place this Saturday can be paired."), "volunteer")
    children = {p.child for p in pairs}
    if len(children) != len(pairs):
        _refuse(_("A child can have only one volunteer per session."), "duplicate")
    if Child.objects.filter(pk__in=children).exclude(
        pk__in=Child.objects.active().with_live_consent()
    ):
        _refuse(_("A child without a live guardian consent cannot be paired."), "no_consent")
    if session.children_marked_at is not None and children - set(
        eligible_children(session).values_list("pk", flat=True)
    ):
        _refuse(_("Only the children who came this Saturday can be paired."), "absent")
    cap = settings.VOLUNTEERS_MAX_CHILDREN
    if any(count > cap for count in Counter(p.volunteer for p in pairs).values()):
        _refuse(_("A volunteer tutors at most %(cap)s children at a time.") % {"cap": cap}, "cap")
    subjects = dict(Subject.objects.values_list("code", "pk"))
    Pairing.objects.filter(session=session).delete()
    pairings = Pairing.objects.bulk_create(
        Pairing(
            session=session,
            volunteer_id=p.volunteer,
            child_id=p.child,
            subject_id=subjects.get(p.subject),
        )
        for p in pairs
    )
    notices.volunteers_paired(
        session,
        Pairing.objects.filter(session=session).select_related("child", "subject").order_by("pk"),
    )
    return pairings


def eligible_children(session: TutoringSession):
    """The children who can be paired in a session: active, with a live consent, of the station,
    and, once the coordinator has marked who came, only those present."""
    children = Child.objects.active().with_live_consent().filter(station=session.station)
    if session.children_marked_at is not None:
        children = children.filter(presences__session=session)
    return children


@transaction.atomic
def children_mark(*, session: TutoringSession, present: Iterable[int], by: User) -> int:
    """Mark which children came to a session (on the day, once it has begun). The pairings of
    children who did not come are dropped; the pairing then proposes only the children here."""
    _require(by, "volunteers.change_pairing")
    session = TutoringSession.objects.select_for_update().get(pk=session.pk)
    if not session.has_begun():
        _refuse(
            _("This Saturday has not begun: mark the children who came on the day."), "not_begun"
        )
    present = set(present)
    known = set(
        Child.objects.active()
        .filter(station=session.station, pk__in=present)
        .values_list("pk", flat=True)
    )
    if present - known:
        _refuse(_("Some of the children ticked are not children of this station."), "unknown")
    ChildPresence.objects.filter(session=session).exclude(child_id__in=present).delete()
    already = set(ChildPresence.objects.filter(session=session).values_list("child_id", flat=True))
    ChildPresence.objects.bulk_create(
        ChildPresence(session=session, child_id=pk) for pk in sorted(present - already)
    )
    session.children_marked_at = timezone.now()
    TutoringSession.objects.filter(pk=session.pk).update(
        children_marked_at=session.children_marked_at
    )
    Pairing.objects.filter(session=session).exclude(child_id__in=present).delete()
    audit.record(
        actor=by, action=AuditEntry.Action.CHILDREN_MARKED, target=session, present=len(present)
    )
    return len(present)


@transaction.atomic
def note_write(
    *, pairing: Pairing, volunteer: Volunteer, done: str, homework: str = "", next_focus: str = ""
) -> TutoringNote:
    if pairing.volunteer_id != volunteer.pk:
        raise PermissionDenied(_("Only the paired volunteer writes this note."))
    if not pairing.session.has_begun():
        _refuse(_("Notes are written once the session has begun."), "early")
    if not done.strip():
        _refuse(_("Say what was done."), "empty")
    return TutoringNote.objects.create(
        pairing=pairing, author=volunteer, done=done, homework=homework, next_focus=next_focus
    )


# --- Home visits, outings ---------------------------------------------------------------------


def home_visit_check(*, child: Child, date: datetime.date, volunteers: Sequence[Volunteer]) -> None:
    """A home visit: at least two volunteers, a child with a live guardian consent, and a
    visit that has taken place."""
    errors = {}
    if len({v.pk for v in volunteers}) < 2:
        errors["volunteers"] = _("A home visit needs at least two volunteers.")
    if not child.has_live_consent:
        errors["child"] = _("This child has no live guardian consent.")
    if date > timezone.localdate():
        errors["date"] = _("A home visit is recorded after it has taken place: not a future date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def home_visit_save(*, visit: HomeVisit, volunteers: Sequence[Volunteer], by: User) -> HomeVisit:
    """Record a home visit, or correct one."""
    _require(by, "volunteers.change_homevisit" if visit.pk else "volunteers.add_homevisit")
    home_visit_check(child=visit.child, date=visit.date, volunteers=volunteers)
    visit.save()
    visit.volunteers.set(volunteers)
    return visit


def outing_child_check(*, child: Child) -> None:
    if not child.has_live_consent:
        _refuse(_("A child without a live guardian consent cannot go on an outing."), "no_consent")


@transaction.atomic
def outing_child_save(*, entry: OutingChild, by: User) -> OutingChild:
    """Put a child on an outing's list (or correct the entry): only with a live consent."""
    _require(by, "volunteers.change_outingchild" if entry.pk else "volunteers.add_outingchild")
    outing_child_check(child=entry.child)
    entry.save()
    return entry


# --- Hours and certificates -------------------------------------------------------------------


def hours_of(volunteer: Volunteer) -> dict:
    attended = Shift.objects.counted().filter(volunteer=volunteer)
    figures = attended.aggregate(
        hours=Sum("hours"), first=Min("session__date"), last=Max("session__date")
    )
    # Tenths of an hour, as the shifts hold them (SQLite sums decimals as floats).
    hours = Decimal(figures["hours"] or 0).quantize(Decimal("0.1"))
    stars = stars_for(hours)
    upcoming = next_star(hours)
    return {
        "hours": hours,
        "sessions": attended.count(),
        "first": figures["first"],
        "last": figures["last"],
        "stars": stars,
        "star_marks": range(stars),
        "stars_label": STAR_LABELS.get(stars, ""),
        "next_stars": upcoming[0] if upcoming else None,
        "next_stars_label": STAR_LABELS[upcoming[0]] if upcoming else "",
        "hours_to_next": upcoming[1] if upcoming else None,
    }


@transaction.atomic
def certificate_issue(*, volunteer: Volunteer) -> Certificate:
    """Issue a certificate of the hours so far; the same figures give back the same certificate."""
    figures = hours_of(volunteer)
    if not figures["sessions"]:
        _refuse(_("There are no attended sessions to certify yet."), "none")
    latest = volunteer.certificates.order_by("-issued_at").first()
    if latest and (latest.hours, latest.sessions) == (figures["hours"], figures["sessions"]):
        return latest
    stations = (
        Station.objects.filter(
            sessions__shifts__in=Shift.objects.counted().filter(volunteer=volunteer)
        )
        .distinct()
        .values_list("name", flat=True)
    )
    certificate = Certificate.objects.create(
        volunteer=volunteer,
        code=secrets.token_hex(6).upper(),
        hours=figures["hours"],
        sessions=figures["sessions"],
        period_start=figures["first"],
        period_end=figures["last"],
        station_names="、".join(stations),
    )
    audit.record(
        actor=volunteer.user,
        action=AuditEntry.Action.CERTIFICATE_ISSUED,
        target=certificate,
        hours=str(certificate.hours),
        sessions=certificate.sessions,
    )
    notices.certificate_issued(certificate)
    return certificate


# --- Children's data ---------------------------------------------------------------------------


def child_opened(*, child: Child, by: User) -> None:
    """Every opening of a child's full record is logged."""
    ChildAccessLog.objects.create(child=child, user=by, action=ChildAccessLog.Action.VIEW)


@transaction.atomic
def child_export(*, child: Child, by: User) -> dict:
    """All the portal holds on a child, for the guardian who asks for it."""
    _require(by, "volunteers.export_child")
    ChildAccessLog.objects.create(child=child, user=by, action=ChildAccessLog.Action.EXPORT)
    audit.record(actor=by, action=AuditEntry.Action.CHILD_EXPORTED, target=child)
    return {
        "name": child.name,
        "gender": child.get_gender_display(),
        "birth_date": child.birth_date.isoformat() if child.birth_date else None,
        "school": child.school_name,
        "grade": child.grade,
        "subjects": [str(s) for s in child.subjects.all()],
        "guardian": {
            "name": child.guardian_name,
            "relation": child.guardian_relation,
            "mobile": child.guardian_mobile,
        },
        "address": child.address,
        "family_circumstances": child.family_circumstances,
        "needs_home_tutoring": child.needs_home_tutoring,
        "status": child.get_status_display(),
        "left_on": child.left_on.isoformat() if child.left_on else None,
        "consent": {
            "given_on": child.consent_given_on.isoformat() if child.consent_given_on else None,
            "by": child.consent_guardian_name,
            "text_version": child.consent_text_version,
            "withdrawn_on": (
                child.consent_withdrawn_on.isoformat() if child.consent_withdrawn_on else None
            ),
        },
        "grades": [
            {
                "term": g.term,
                "term_label": term_label(g.term),
                "subject": str(g.subject),
                "score": str(g.score),
                "full_marks": str(g.full_marks),
            }
            for g in child.grades.select_related("subject")
        ],
        "tutoring_notes": [
            {
                "date": n.pairing.session.date.isoformat(),
                "done": n.done,
                "homework": n.homework,
                "next_focus": n.next_focus,
            }
            for n in TutoringNote.objects.filter(pairing__child=child).select_related(
                "pairing__session"
            )
        ],
        "home_visits": [
            {"date": v.date.isoformat(), "notes": v.notes} for v in child.home_visits.all()
        ],
    }


@transaction.atomic
def child_erase(*, child: Child, by: User | None, reason: str = "") -> Child:
    """Anonymise a child: every identifying detail goes, the counts (sessions, grades) stay.
    `by` is None for the scheduled purge of children who left; staff give a reason."""
    if by is not None:
        _require(by, "volunteers.export_child")
        if not reason.strip():
            _refuse(_("Say why the data is erased."), "reason")
    child = Child.objects.select_for_update().get(pk=child.pk)
    today = timezone.localdate()
    child.name = ERASED
    child.birth_date = None
    child.school_name = ""
    child.guardian_name = child.guardian_relation = ERASED
    child.guardian_mobile = child.address = child.family_circumstances = ""
    child.consent_guardian_name = ERASED if child.consent_given_on else ""
    child.status = Child.Status.LEFT
    child.left_on = child.left_on or today
    child.consent_withdrawn_on = child.consent_withdrawn_on or (
        today if child.consent_given_on else None
    )
    child.anonymised_on = today
    child.save()
    TutoringNote.objects.filter(pairing__child=child).update(
        done=ERASED, homework="", next_focus=""
    )
    HomeVisit.objects.filter(child=child).update(notes="")
    Pairing.objects.filter(child=child, session__date__gte=today).delete()
    ChildAccessLog.objects.create(child=child, user=by, action=ChildAccessLog.Action.ERASE)
    # Earlier entries of the audit trail (an export) named the child: they keep only the id.
    AuditEntry.objects.filter(target_type=Child._meta.label, target_id=str(child.pk)).update(
        target_label=ERASED
    )
    audit.record(
        actor=by,
        action=AuditEntry.Action.CHILD_ERASED,
        target=child,
        reason=reason.strip() or _("Left more than the keeping period ago"),
    )
    return child


def children_to_purge(*, days: int) -> list[Child]:
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        Child.objects.filter(
            status=Child.Status.LEFT, left_on__lt=cutoff, anonymised_on__isnull=True
        )
    )
