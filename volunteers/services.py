"""Writes of the 爱心班: applications, Saturday sign-ups, attendance and hours, pairing, notes,
home visits, grades, outings, and the handling of children's data (view log, export, erase).

Sign-up locks the session row, then the volunteer's, always in that order; the database refuses
confirmed places above the session's places, a second live sign-up per volunteer, and (by
trigger) a pairing or outing for a child without a live guardian consent.
"""

import datetime
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit, places
from community.models import AuditEntry, User

from . import notices
from .models import (
    Certificate,
    Child,
    ChildAccessLog,
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


@transaction.atomic
def volunteer_verify(
    *, volunteer: Volunteer, by: User, record_checked_on: datetime.date | None = None
) -> Volunteer:
    _require(by, "volunteers.change_volunteer")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    volunteer.status = Volunteer.Status.VERIFIED
    volunteer.verified_by, volunteer.verified_at = by, timezone.now()
    volunteer.record_checked_on = record_checked_on or volunteer.record_checked_on
    volunteer.record_checked_on = volunteer.record_checked_on or timezone.localdate()
    volunteer.save(update_fields=["status", "verified_by", "verified_at", "record_checked_on"])
    audit.record(actor=by, action=AuditEntry.Action.VOLUNTEER_VERIFIED, target=volunteer)
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
        shift.hours = session.hours if came else 0
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
    return {
        "hours": figures["hours"] or 0,
        "sessions": attended.count(),
        "first": figures["first"],
        "last": figures["last"],
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
def child_erase(*, child: Child, by: User | None) -> Child:
    """Anonymise a child: every identifying detail goes, the counts (sessions, grades) stay.
    `by` is None for the scheduled purge of children who left."""
    if by is not None:
        _require(by, "volunteers.export_child")
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
    audit.record(actor=by, action=AuditEntry.Action.CHILD_ERASED, target=child)
    return child


def children_to_purge(*, days: int) -> list[Child]:
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        Child.objects.filter(
            status=Child.Status.LEFT, left_on__lt=cutoff, anonymised_on__isnull=True
        )
    )
