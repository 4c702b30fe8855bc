"""Writes of the schools: sign-up, cancellation, waiting list, sessions and attendance.

Views, the admin and commands all call these. Sign-up locks the course (or event) row and then the
resident's row, always in that order, so concurrent sign-ups queue instead of overbooking; the
database constraints (`seats_within_capacity`, `one_live_per_course`) keep the rules true even if
code elsewhere forgets.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community import pagecache
from community.models import Resident, User

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
)


def _offering_field(offering: Offering) -> str:
    return "course" if isinstance(offering, Course) else "event"


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _check_signup(offering: Offering, resident: Resident, now: datetime.datetime) -> None:
    if offering.status != Offering.Status.PUBLISHED or (
        isinstance(offering, Event) and not offering.has_signup
    ):
        _refuse(_("Sign-up is not open for this."), "not_open")
    if offering.signup_opens and now < offering.signup_opens:
        opens = timezone.localtime(offering.signup_opens)
        _refuse(
            _("Sign-up opens on %(date)s.") % {"date": f"{opens:%Y-%m-%d %H:%M}"}, "not_yet_open"
        )
    if offering.signup_closes and now > offering.signup_closes:
        _refuse(_("Sign-up has closed."), "closed")
    field = _offering_field(offering)
    if Enrolment.objects.live().filter(**{field: offering}, resident=resident).exists():
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
    model = type(offering)
    offering = model.objects.select_for_update().get(pk=offering.pk)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    _check_signup(offering, resident, timezone.now())

    if offering.seats_taken < offering.capacity:
        model.objects.filter(pk=offering.pk).update(seats_taken=F("seats_taken") + 1)
        status = Enrolment.Status.CONFIRMED
    else:
        status = Enrolment.Status.WAITLISTED
    pagecache.changed("schools")
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


@transaction.atomic
def cancel(*, enrolment: Enrolment, by: User | None) -> Enrolment | None:
    """Cancel a place; a confirmed place goes to the first on the waiting list, who is returned."""
    offering = enrolment.offering
    model = type(offering)
    offering = model.objects.select_for_update().get(pk=offering.pk)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        _refuse(_("This sign-up was already cancelled."), "already_cancelled")

    was_confirmed = enrolment.status == Enrolment.Status.CONFIRMED
    pagecache.changed("schools")
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    if not was_confirmed:
        return None
    model.objects.filter(pk=offering.pk).update(seats_taken=F("seats_taken") - 1)
    promoted = _promote(offering, places=1)
    return promoted[0] if promoted else None


def _promote(offering: Offering, *, places: int) -> list[Enrolment]:
    """Give up to `places` free places to the waiting list, in order. The offering is locked."""
    field = _offering_field(offering)
    waiting = list(
        Enrolment.objects.select_for_update()
        .filter(**{field: offering}, status=Enrolment.Status.WAITLISTED)
        .order_by("pk")[: max(places, 0)]
    )
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status = Enrolment.Status.CONFIRMED
        enrolment.promoted_at = now
    Enrolment.objects.bulk_update(waiting, ["status", "promoted_at"])
    type(offering).objects.filter(pk=offering.pk).update(
        seats_taken=F("seats_taken") + len(waiting)
    )
    return waiting


@transaction.atomic
def fill_from_waitlist(*, offering: Offering) -> list[Enrolment]:
    """After the capacity grew: promote as many waitlisted people as there are free places."""
    offering = type(offering).objects.select_for_update().get(pk=offering.pk)
    pagecache.changed("schools")
    return _promote(offering, places=offering.capacity - offering.seats_taken)


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
    pagecache.changed("schools")
    Course.objects.filter(pk=course.pk).update(
        weekday=weekday, start_time=start_time, end_time=end_time
    )
    return new


@transaction.atomic
def attendance_record(
    *, session: CourseSession, present: Iterable[int], by: User
) -> list[Attendance]:
    """Record who was present at a session, for every confirmed enrolment, in one go."""
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
    """A cadre hands in the reading note of a central-group study, once."""
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
