"""Writes of the schools: sign-up, cancellation, waiting list, sessions and attendance.

Views, the admin and commands all call these. Sign-up locks the course (or event) row and then the
resident's row, always in that order, so concurrent sign-ups queue instead of overbooking; the
database constraints (`seats_within_capacity`, `one_live_per_course`) keep the rules true even if
code elsewhere forgets.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit, places
from community.models import AuditEntry, Resident, User

from .models import (
    AssignmentCompletion,
    Attendance,
    Cadre,
    CentralGroupStudy,
    Course,
    CourseSession,
    Enrolment,
    Event,
    Offering,
    ReadingNote,
    StudyAssignment,
    manages,
)


def _offering_field(offering: Offering) -> str:
    return "course" if isinstance(offering, Course) else "event"


def _claims(offering: Offering):
    """The sign-ups of an offering, for `community.places`."""
    return Enrolment.objects.filter(**{_offering_field(offering): offering})


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _require_manager(by: User, offering: Offering | None) -> None:
    """Staff act only on the offerings of the schools they manage."""
    if offering is None or not manages(by, offering):
        raise PermissionDenied(_("You do not manage this school."))


def _check_signup(offering: Offering, resident: Resident, now: datetime.datetime) -> None:
    if offering.status != Offering.Status.PUBLISHED or (
        isinstance(offering, Event) and not offering.has_signup
    ):
        _refuse(_("Sign-up is not open for this."), "not_open")
    if offering.is_over(now):
        _refuse(_("This is over (已结束): sign-up has closed."), "over")
    if offering.has_begun_last(now):
        if isinstance(offering, Event):
            _refuse(_("This event has begun: sign-up has closed."), "begun")
        _refuse(_("The last session of this course has begun: sign-up has closed."), "begun")
    if offering.signup_opens and now < offering.signup_opens:
        opens = timezone.localtime(offering.signup_opens)
        _refuse(
            _("Sign-up opens on %(date)s.") % {"date": f"{opens:%Y-%m-%d %H:%M}"}, "not_yet_open"
        )
    if offering.signup_closes and now >= offering.signup_closes:
        _refuse(_("Sign-up has closed."), "closed")
    if _claims(offering).live().filter(resident=resident).exists():
        _refuse(_("You have already signed up for this."), "duplicate")
    if isinstance(offering, Course):
        _check_course_rules(offering, resident)


def _check_course_rules(course: Course, resident: Resident) -> None:
    if not course.age_allows(resident.birth_year):
        if resident.birth_year is None:
            _refuse(
                _("This course has an age limit; please ask staff to record your birth year."),
                "age_unknown",
            )
        _refuse(
            _("This course is for ages %(min)s to %(max)s.")
            % {"min": course.min_age or 0, "max": course.max_age or "—"},
            "age",
        )
    limit = settings.SCHOOLS_COURSES_PER_TERM_LIMIT
    if limit:
        taken = Enrolment.objects.live().filter(resident=resident, course__term=course.term).count()
        if taken >= limit:
            _refuse(
                _("You can sign up for at most %(limit)s courses per term.") % {"limit": limit},
                "term_limit",
            )


@transaction.atomic
def enrol(*, offering: Offering, resident: Resident, by: User | None) -> Enrolment:
    """Sign a resident up: a confirmed place while there is one, else the waiting list."""
    offering = places.lock(offering)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    _check_signup(offering, resident, timezone.now())
    status = Enrolment.Status.CONFIRMED if places.take(offering) else Enrolment.Status.WAITLISTED
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                **{_offering_field(offering): offering},
                resident=resident,
                status=status,
                created_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already signed up for this."), code="duplicate"
        ) from error


class MaybeSamePerson(ValidationError):
    """A new resident staff are about to record has the name or mobile number of residents
    they already know: they are asked whether it is one of those (`residents`)."""

    def __init__(self, residents: list[Resident]):
        self.residents = residents
        who = "、".join(f"{r.name}（{r.mobile or '—'} · {r.community.name}）" for r in residents)
        super().__init__(
            _(
                "There is already a resident with this name or mobile number: %(who)s. Is it "
                "the same person?"
            )
            % {"who": who},
            code="maybe_same_person",
        )


def residents_alike(*, by: User, name: str, mobile: str) -> list[Resident]:
    """Residents staff could mean: the same name among those they may see, or the same mobile
    number (which finds anyone, as the counter's search does)."""
    same = Q(name=name.strip())
    if mobile:
        same |= Q(mobile=mobile)
    alike = Resident.objects.seen_by(by).filter(same)
    if mobile:
        alike = alike | Resident.objects.filter(mobile=mobile)
    return list(alike.select_related("community").order_by("name", "pk")[:10])


@transaction.atomic
def counter_enrol(
    *,
    offering: Offering,
    by: User,
    resident: Resident | None = None,
    new_resident: Resident | None = None,
    new_is_someone_else: bool = False,
) -> Enrolment:
    """代报名: staff sign up a resident they found, or one they record now (who may never use
    the web). A new resident alike to one staff know is recorded only once they said it is
    someone else. Nothing is recorded when the sign-up is refused."""
    _require_manager(by, offering)
    if (resident is None) == (new_resident is None):
        raise ValueError("Give either a resident or a new resident.")
    if new_resident is not None:
        new_resident.full_clean()
        if not new_is_someone_else and (
            alike := residents_alike(by=by, name=new_resident.name, mobile=new_resident.mobile)
        ):
            raise MaybeSamePerson(alike)
        new_resident.save()
        resident = new_resident
    return enrol(offering=offering, resident=resident, by=by)


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by: User | None) -> Enrolment | None:
    """Cancel a place; a confirmed place goes to the first on the waiting list, who is returned."""
    offering = places.lock(enrolment.offering)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        _refuse(_("This sign-up was already cancelled."), "already_cancelled")
    was_confirmed = enrolment.status == Enrolment.Status.CONFIRMED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    if by is not None and by.pk != enrolment.resident.user_id:
        audit.record(
            actor=by,
            action=AuditEntry.Action.SIGNUP_CANCELLED,
            target=enrolment,
            was=("confirmed" if was_confirmed else "waitlisted"),
        )
    if not was_confirmed:
        return None
    return places.release(offering, _claims(offering))


@transaction.atomic
def offering_resize(*, offering: Offering, capacity: int, by: User) -> list[Enrolment]:
    """Change the places of a course or an event: never below the confirmed places; new places
    go to the waiting list in order, and those moved up are returned."""
    _require_manager(by, offering)
    offering = places.lock(offering)
    return places.resize(offering, _claims(offering), capacity=capacity)


@transaction.atomic
def sessions_generate(
    *,
    course: Course,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    first_date: datetime.date,
    last_date: datetime.date,
    skip_dates: Iterable[datetime.date] = (),
) -> list[CourseSession]:
    """Create the course's sessions on one ISO weekday between two dates, skipping some dates.

    Running it again adds only the sessions that are missing.
    """
    if end_time <= start_time:
        _refuse(_("A session must end after it starts."), "times")
    if last_date < first_date:
        _refuse(_("The last date must not be before the first date."), "dates")
    skip = set(skip_dates)
    day = first_date + datetime.timedelta(days=(weekday - first_date.isoweekday()) % 7)
    zone = timezone.get_current_timezone()
    wanted = []
    while day <= last_date:
        if day not in skip:
            wanted.append(
                CourseSession(
                    course=course,
                    starts_at=datetime.datetime.combine(day, start_time, tzinfo=zone),
                    ends_at=datetime.datetime.combine(day, end_time, tzinfo=zone),
                )
            )
        day += datetime.timedelta(days=7)
    existing = set(
        CourseSession.objects.filter(
            course=course, starts_at__in=[s.starts_at for s in wanted]
        ).values_list("starts_at", flat=True)
    )
    new = [s for s in wanted if s.starts_at not in existing]
    CourseSession.objects.bulk_create(new)
    Course.objects.filter(pk=course.pk).update(
        weekday=weekday, start_time=start_time, end_time=end_time
    )
    return new


@transaction.atomic
def attendance_record(
    *, session: CourseSession, present: Iterable[int], by: User
) -> list[Attendance]:
    """Record who was present at a session that has begun, for every confirmed enrolment, in
    one go."""
    _require_manager(by, session.course)
    if session.starts_at > timezone.now():
        local = timezone.localtime(session.starts_at)
        _refuse(
            _("This session has not begun (it starts %(when)s): attendance is taken on the day.")
            % {"when": f"{local:%Y-%m-%d %H:%M}"},
            "not_begun",
        )
    present = set(present)
    enrolments = list(
        Enrolment.objects.filter(course_id=session.course_id, status=Enrolment.Status.CONFIRMED)
    )
    unknown = present - {e.pk for e in enrolments}
    if unknown:
        _refuse(_("Some of the people ticked are not enrolled on this course."), "unknown")
    rows = [
        Attendance(session=session, enrolment=e, present=e.pk in present, recorded_by=by)
        for e in enrolments
    ]
    Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["present", "recorded_by", "recorded_at"],
    )
    return rows


@transaction.atomic
def reading_note_hand_in(*, cadre: Cadre, study: CentralGroupStudy, text: str) -> ReadingNote:
    """A cadre hands in the reading note of a central-group study that has taken place, once."""
    if study.date > timezone.localdate():
        _refuse(_("This study has not taken place yet."), "not_yet")
    if not text.strip():
        _refuse(_("Write the note before handing it in."), "empty")
    try:
        with transaction.atomic():
            return ReadingNote.objects.create(study=study, cadre=cadre, text=text.strip())
    except IntegrityError as error:
        raise ValidationError(
            _("You have already handed in a note for this study."), code="duplicate"
        ) from error


@transaction.atomic
def assignment_complete(*, cadre: Cadre, assignment: StudyAssignment) -> AssignmentCompletion:
    completion, _created = AssignmentCompletion.objects.get_or_create(
        assignment=assignment, cadre=cadre, defaults={"completed_on": timezone.localdate()}
    )
    return completion
