from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import pagecache
from community.models import Resident
from community.pagecache import public_page
from community.qrcodes import qr_drawing
from community.throttling import limit_posts

from . import calendars, services
from .forms import CourseFilterForm
from .models import Course, CourseSession, Enrolment, Event, School

COURSES_PER_PAGE = 12


def resident_of(user) -> Resident | None:
    if not user.is_authenticated:
        return None
    return Resident.objects.filter(user=user).first()


@public_page("schools", "site")
def school_list(request):
    schools = School.objects.with_open_course_count().order_by("position", "name")
    return render(request, "schools/school_list.html", {"schools": schools})


def _course_page_boundaries(request, page) -> None:
    """A card shows the next session and whether the course is over: both change by
    themselves when a session begins or ends."""
    pagecache.expires_at(request, [course.next_session_at for course in page])
    pagecache.expires_at(request, [course.last_session_end for course in page])


@public_page("schools", "site", params={"page"})
def school_detail(request, slug):
    school = get_object_or_404(School, slug=slug)
    courses = Course.objects.for_listing().filter(school=school)
    page = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    _course_page_boundaries(request, page)
    pagecache.canonical(request, page=page)
    return render(request, "schools/school_detail.html", {"school": school, "page_obj": page})


@public_page("schools", "site", params=CourseFilterForm.base_fields.keys() | {"page"})
def course_list(request):
    filters = CourseFilterForm(request.GET).filters()
    courses = CourseFilterForm.apply(Course.objects.for_listing(), filters)
    # The form shows back only the filters in use: a bad value is dropped, not reported.
    form = CourseFilterForm(initial=filters)
    page = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    _course_page_boundaries(request, page)
    pagecache.canonical(request, filters=filters, page=page, cacheable="q" not in filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schools/course_list.html",
        {"form": form, "filtering": bool(filters), "page_obj": page, "query": query.urlencode()},
    )


def _my_enrolment(resident, **offering):
    if resident is None:
        return None
    return (
        Enrolment.objects.live()
        .with_waitlist_position()
        .filter(resident=resident, **offering)
        .first()
    )


@public_page("schools", "site")
def course_detail(request, pk):
    course = get_object_or_404(
        Course.objects.published()
        .with_session_bounds()
        .select_related("school", "venue", "branch__community"),
        pk=pk,
    )
    resident = resident_of(request.user)
    sessions = list(course.sessions.filter(ends_at__gt=timezone.now()).select_related("venue")[:12])
    pagecache.expires_at(request, course.time_boundaries())
    pagecache.expires_at(request, [session.ends_at for session in sessions[:1]])
    context = {
        "course": course,
        "audiences": course.audiences.all(),
        "sessions": sessions,
        "enrolment": _my_enrolment(resident, course=course),
        "resident": resident,
        "accepts_signups": course.accepts_signups(),
        "is_over": course.is_over(),
        "feed_url": request.build_absolute_uri(reverse("schools:course_calendar", args=[pk])),
    }
    return render(request, "schools/course_detail.html", context)


def _signup(request, offering):
    resident = resident_of(request.user)
    if resident is None:
        messages.error(
            request, _("Your login has no resident record yet; please ask the staff to link it.")
        )
        return redirect(offering)
    try:
        enrolment = services.enrol(offering=offering, resident=resident, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        if enrolment.status == Enrolment.Status.CONFIRMED:
            messages.success(request, _("You are signed up. See you there!"))
        else:
            messages.info(request, _("It is full: you are on the waiting list and will be told."))
    return redirect(offering)


@require_POST
@limit_posts("signup")
@login_required
def course_enrol(request, pk):
    return _signup(request, get_object_or_404(Course.objects.published(), pk=pk))


@require_POST
@limit_posts("signup")
@login_required
def event_enrol(request, pk):
    return _signup(request, get_object_or_404(Event.objects.published(), pk=pk))


@require_POST
@login_required
def enrolment_cancel(request, pk):
    """A resident gives up a place: first the question (what they lose, whether it goes to the
    waiting list), then, posted again with confirm=1, the cancellation."""
    resident = resident_of(request.user)
    enrolment = get_object_or_404(
        Enrolment.objects.with_waitlist_position().select_related("course", "event"),
        pk=pk,
        resident=resident,
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("schools:my_courses")
    if request.POST.get("confirm") != "1":
        if enrolment.status == Enrolment.Status.CANCELLED:
            messages.error(request, _("This sign-up was already cancelled."))
            return redirect(target)
        context = {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "someone_moves_up": bool(
                Enrolment.objects.filter(pk=enrolment.pk).moving_up_if_cancelled()
            ),
            "next": target,
        }
        return render(request, "schools/enrolment_cancel_confirm.html", context)
    try:
        services.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect(target)


@login_required
def my_courses(request):
    resident = resident_of(request.user)
    if resident is None:
        return render(request, "schools/my_courses.html", {"resident": None})
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.live()
        .with_waitlist_position()
        .filter(resident=resident)
        .select_related("course__school", "course__venue", "event__venue")
        .annotate(
            sessions_present=Count(
                "attendances",
                filter=Q(attendances__present=True, attendances__session__starts_at__lte=now),
            ),
            sessions_recorded=Count(
                "attendances", filter=Q(attendances__session__starts_at__lte=now)
            ),
        )
        .order_by("-pk")
    )
    course_ids = [e.course_id for e in enrolments if e.course_id]
    upcoming = {}
    for session in CourseSession.objects.filter(
        course_id__in=course_ids, starts_at__gte=now
    ).select_related("venue"):
        upcoming.setdefault(session.course_id, [])
        if len(upcoming[session.course_id]) < 3:
            upcoming[session.course_id].append(session)
    for enrolment in enrolments:
        if enrolment.course_id:
            enrolment.upcoming_sessions = upcoming.get(enrolment.course_id, [])
            for session in enrolment.upcoming_sessions:
                session.place = session.venue or enrolment.course.venue
        else:
            enrolment.place = enrolment.event.venue
    feed_url = request.build_absolute_uri(
        reverse("schools:my_calendar", args=[calendars.feed_token(resident)])
    )
    return render(
        request,
        "schools/my_courses.html",
        {
            "resident": resident,
            "enrolments": enrolments,
            # Phones open webcal:// addresses in their calendar app, which then subscribes.
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "feed_qr": qr_drawing(feed_url),
        },
    )


def _calendar_response(name, sessions, request):
    body = calendars.sessions_calendar(name, sessions, request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="courses.ics"'
    return response


def course_calendar(request, pk):
    course = get_object_or_404(Course.objects.published(), pk=pk)
    sessions = course.sessions.select_related("course__venue", "venue")
    return _calendar_response(course.title, sessions, request)


@login_required
@require_POST
def my_calendar_renew(request):
    """A new calendar address for the resident: the old one (a lost phone) stops working."""
    resident = get_object_or_404(Resident, user=request.user)
    calendars.feed_renew(resident)
    messages.success(
        request,
        _(
            "Your calendar address is renewed; the old one no longer works. Add your courses "
            "to your phone's calendar again."
        ),
    )
    return redirect("schools:my_courses")


def my_calendar(request, token):
    resident_pk = calendars.resident_from_token(token)
    if resident_pk is None:
        raise Http404
    sessions = CourseSession.objects.filter(
        course__enrolments__resident_id=resident_pk,
        course__enrolments__status=Enrolment.Status.CONFIRMED,
    ).select_related("course__venue", "venue")
    return _calendar_response(_("My courses"), sessions, request)


@public_page("schools", "site", params={"page"})
def event_list(request):
    events = Event.objects.for_listing()
    page = Paginator(events, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    pagecache.expires_at(request, [event.ends_at_latest() for event in page])
    pagecache.canonical(request, page=page)
    return render(request, "schools/event_list.html", {"page_obj": page})


@public_page("schools", "site")
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.published().select_related("venue", "school"), pk=pk)
    resident = resident_of(request.user)
    pagecache.expires_at(request, event.time_boundaries())
    context = {
        "event": event,
        "winners": event.winners.all(),
        "enrolment": _my_enrolment(resident, event=event),
        "resident": resident,
        "accepts_signups": event.accepts_signups(),
        "is_over": event.is_over(),
    }
    return render(request, "schools/event_detail.html", context)
