"""Staff pages of the schools: counter sign-up, attendance, sign-in sheets, ledgers.

Every page finds its course through `Course.objects.managed_by(user)`, so a school manager gets a
404 for another school's course.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.ledgers import download
from community.models import Resident
from community.permissions import staff_required
from notifications.broadcast import broadcast_view

from . import exports, services
from .forms import (
    AttendanceForm,
    CounterChoiceForm,
    CounterResidentForm,
    ResidentSearchForm,
    SessionGenerateForm,
)
from .models import Attendance, Course, CourseSession, Enrolment, Event


def _managed_course(request, pk):
    return get_object_or_404(
        Course.objects.managed_by(request.user).select_related("school", "venue"), pk=pk
    )


def _managed_session(request, pk):
    return get_object_or_404(
        CourseSession.objects.filter(
            course__in=Course.objects.managed_by(request.user)
        ).select_related("course__school", "course__venue", "venue"),
        pk=pk,
    )


@staff_required("schools.view_course")
def course_list(request):
    courses = (
        Course.objects.managed_by(request.user)
        .select_related("school")
        .order_by("school__name", "title")
    )
    page = Paginator(courses, 30).get_page(request.GET.get("page"))
    return render(request, "schools/staff/course_list.html", {"page_obj": page})


def _counter_enrol(request, course, new_resident: CounterResidentForm) -> Enrolment:
    """Sign up the resident picked from the search, or the one being recorded."""
    if "create" in request.POST:
        if not new_resident.is_valid():
            raise ValidationError(_("Please correct the resident's details."))
        return services.counter_enrol(
            offering=course,
            by=request.user,
            new_resident=new_resident.instance,
            new_is_someone_else=request.POST.get("someone_else") == "1",
        )
    choice = CounterChoiceForm(request.POST)
    if not choice.is_valid():
        raise ValidationError(_("Choose a resident from the search results."))
    return services.counter_enrol(
        offering=course, by=request.user, resident=choice.cleaned_data["resident"]
    )


@staff_required("schools.add_enrolment")
def counter(request, pk):
    """代报名: find a resident by name or mobile number, or record one, and sign them up; see
    who is signed up and waiting, and cancel on someone's behalf."""
    course = _managed_course(request, pk)
    search = ResidentSearchForm(request.GET or None)
    new_resident = CounterResidentForm(request.POST if "create" in request.POST else None)
    alike = None
    if request.method == "POST":
        try:
            enrolment = _counter_enrol(request, course, new_resident)
        except services.MaybeSamePerson as question:
            alike = question
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            text = (
                _("%(name)s is signed up.")
                if enrolment.status == Enrolment.Status.CONFIRMED
                else _("%(name)s is on the waiting list.")
            )
            messages.success(request, text % {"name": enrolment.resident.name})
            return redirect("schools:staff_counter", pk=course.pk)

    results = None
    if search.is_valid():
        q = search.cleaned_data["q"].strip()
        # By name among the residents one's work brings; anyone by their full mobile number,
        # which the person at the counter gives.
        residents = Resident.objects.seen_by(request.user).filter(
            Q(name__icontains=q) | Q(mobile__startswith=q)
        ) | Resident.objects.filter(mobile=q)
        results = Paginator(residents.select_related("community"), 20).get_page(
            request.GET.get("page")
        )
    signed_up = list(
        Enrolment.objects.live()
        .filter(course=course)
        .select_related("resident__community")
        .order_by("pk")
    )
    return render(
        request,
        "schools/staff/counter.html",
        {
            "course": course,
            "search": search,
            "results": results,
            "new_resident": new_resident,
            "alike": alike,
            "confirmed": [e for e in signed_up if e.status == Enrolment.Status.CONFIRMED],
            "waiting": [e for e in signed_up if e.status == Enrolment.Status.WAITLISTED],
        },
    )


@require_POST
@staff_required("schools.change_enrolment")
def counter_cancel(request, pk, enrolment_pk):
    """Cancel a sign-up on the resident's behalf: first the question, saying who moves up,
    then (with confirm=1) the cancellation."""
    course = _managed_course(request, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("resident", "course"), pk=enrolment_pk, course=course
    )
    if request.POST.get("confirm") != "1" and enrolment.status != Enrolment.Status.CANCELLED:
        moving_up = Enrolment.objects.filter(pk=enrolment.pk).moving_up_if_cancelled()
        return render(
            request,
            "schools/staff/counter_cancel.html",
            {"course": course, "enrolment": enrolment, "moving_up": moving_up.get(enrolment.pk)},
        )
    try:
        promoted = services.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request, _("%(name)s's sign-up is cancelled.") % {"name": enrolment.resident.name}
        )
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s moved up from the waiting list.") % {"name": promoted.resident.name},
            )
    return redirect("schools:staff_counter", pk=course.pk)


@staff_required("schools.add_attendance")
def session_attendance(request, pk):
    """One tick per enrolled person, saved in one go; made for a phone."""
    session = _managed_session(request, pk)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("The attendance could not be saved; please try again."))
            services.attendance_record(
                session=session, present=form.cleaned_data["present"], by=request.user
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("schools:staff_attendance", pk=session.pk)
    enrolments = (
        Enrolment.objects.filter(course_id=session.course_id, status=Enrolment.Status.CONFIRMED)
        .select_related("resident")
        .order_by("resident__name", "pk")
    )
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "enrolment_id", flat=True
        )
    )
    rows = [(enrolment, enrolment.pk in present) for enrolment in enrolments]
    return render(
        request,
        "schools/staff/attendance.html",
        {"session": session, "rows": rows, "has_begun": session.starts_at <= timezone.now()},
    )


@staff_required("schools.view_attendance")
def sign_in_sheet(request, pk):
    session = _managed_session(request, pk)
    enrolments = (
        Enrolment.objects.filter(course_id=session.course_id, status=Enrolment.Status.CONFIRMED)
        .select_related("resident__community")
        .order_by("resident__name", "pk")
    )
    return render(
        request, "schools/staff/sign_in_sheet.html", {"session": session, "enrolments": enrolments}
    )


@staff_required("schools.add_coursesession")
def sessions_generate(request, pk):
    course = _managed_course(request, pk)
    form = SessionGenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.sessions_generate(course=course, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("%(count)s sessions created.") % {"count": len(created)})
            return redirect("schools:staff_sessions_generate", pk=course.pk)
    sessions = course.sessions.all()
    return render(
        request,
        "schools/staff/sessions_generate.html",
        {"course": course, "form": form, "sessions": sessions},
    )


@staff_required("schools.view_enrolment")
def enrolments_export(request, pk):
    course = _managed_course(request, pk)
    return download(exports.enrolments_workbook(course), f"enrolments-{course.pk}.xlsx")


@staff_required("schools.view_attendance")
def attendance_export(request, pk):
    course = _managed_course(request, pk)
    return download(exports.attendance_workbook(course), f"attendance-{course.pk}.xlsx")


def _confirmed_residents(**offering):
    def people():
        return [
            e.resident
            for e in Enrolment.objects.filter(
                status=Enrolment.Status.CONFIRMED, **offering
            ).select_related("resident__user")
        ]

    return people


@staff_required("schools.change_enrolment")
def course_broadcast(request, pk):
    """A short message to everyone confirmed in a course ("下周三停课一次")."""
    course = _managed_course(request, pk)
    return broadcast_view(
        request,
        people_of=_confirmed_residents(course=course),
        about=course,
        sender=course.title,
        title=course.title,
        back=reverse("schools:staff_course_list"),
        link=reverse("schools:my_courses"),
    )


@staff_required("schools.change_enrolment")
def event_broadcast(request, pk):
    event = get_object_or_404(Event.objects.managed_by(request.user), pk=pk)
    return broadcast_view(
        request,
        people_of=_confirmed_residents(event=event),
        about=event,
        sender=event.title,
        title=event.title,
        back=reverse("admin:schools_event_change", args=[event.pk]),
        link=reverse("schools:my_courses"),
    )
