"""The coordinator's pages: Saturdays, who comes, attendance, pairing, children's progress."""

from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.charts import line_chart
from community.permissions import staff_required
from community.qrcodes import qr_drawing
from community.terms import term_label
from notifications.broadcast import broadcast_view

from . import checkin, notices, services
from .forms import (
    AttendedForm,
    ChildrenPresentForm,
    HoursCorrectionForm,
    PairingForm,
    SaturdaysForm,
)
from .models import Child, GradeRecord, Pairing, Shift, Station, TutoringSession, Volunteer
from .pairing import Pair, propose_pairs


def term_order(term: str) -> tuple:
    """Terms in time order: 2026-spring before 2026-autumn before 2027-spring."""
    year, _, season = term.partition("-")
    return (year, {"spring": 0, "autumn": 1}.get(season, 2), season)


def _sessions(request):
    """The Saturdays of the stations this user works for."""
    return TutoringSession.objects.filter(
        station__in=Station.objects.coordinated_by(request.user)
    ).select_related("station")


@staff_required("volunteers.view_tutoringsession")
def sessions(request):
    station = Station.objects.coordinated_by(request.user).order_by("pk").first()
    form = SaturdaysForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and station is not None:
        try:
            created = services.saturdays_generate(station=station, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("%(count)s Saturdays created.") % {"count": len(created)})
            return redirect("volunteers:staff_sessions")
    today = timezone.localdate()
    sessions = _sessions(request).filter(date__gte=today)[:20]
    recent = _sessions(request).filter(date__lt=today)
    return render(
        request,
        "volunteers/staff/sessions.html",
        {"form": form, "sessions": sessions, "recent": recent.order_by("-date")[:8]},
    )


@staff_required("volunteers.change_shift")
def session_detail(request, pk):
    """Who comes, and attendance: ticked volunteers attended, the others did not come; the
    children who came; hours corrected with a reason."""
    session = get_object_or_404(_sessions(request), pk=pk)
    if request.method == "POST":
        try:
            done = _session_post(request, session)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, done)
            return redirect("volunteers:staff_session", pk=session.pk)
    shifts = Shift.objects.live().filter(session=session).select_related("volunteer").order_by("pk")
    present = set(session.children_present.values_list("child_id", flat=True))
    children = (
        Child.objects.active().with_live_consent().filter(station=session.station).order_by("pk")
    )
    return render(
        request,
        "volunteers/staff/session.html",
        {
            "session": session,
            "shifts": shifts,
            "has_begun": session.has_begun(),
            "children": [(child, child.pk in present) for child in children],
            "children_marked": session.children_marked_at is not None,
            "correction_form": HoursCorrectionForm(),
        },
    )


def _session_post(request, session) -> str:
    """One of the session page's three forms; returns what was done, or raises the refusal."""
    what = request.POST.get("form")
    if what == "children":
        form = ChildrenPresentForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("The children's attendance could not be saved."))
        count = services.children_mark(
            session=session, present=form.cleaned_data["present"], by=request.user
        )
        return _("%(count)s children marked present; the pairing proposes only them.") % {
            "count": count
        }
    if what == "hours":
        form = HoursCorrectionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.error_text())
        shift = get_object_or_404(Shift, pk=form.cleaned_data["shift"], session=session)
        checkin.hours_correct(
            shift=shift,
            hours=form.cleaned_data["hours"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        return _("Hours corrected for %(name)s.") % {"name": shift.volunteer.name}
    form = AttendedForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("The attendance could not be saved; please try again."))
    services.attendance_mark(
        session=session, attended=form.cleaned_data["attended"], by=request.user
    )
    return _("Attendance saved; hours are credited.")


@staff_required("volunteers.change_shift")
def session_checkin(request, pk):
    """The coordinator's phone at the door: a QR code that changes every minute (and as soon as
    it is used), which volunteers scan at arrival and at leaving."""
    session = get_object_or_404(_sessions(request), pk=pk)
    code, refusal = _code(request, session)
    shifts = list(
        Shift.objects.live().filter(session=session).select_related("volunteer").order_by("pk")
    )
    return render(
        request,
        "volunteers/staff/checkin.html",
        {
            "session": session,
            "code": code,
            "refusal": refusal,
            "shifts": shifts,
            "checked_in": sum(1 for shift in shifts if shift.checked_in_at),
            "checked_out": sum(1 for shift in shifts if shift.checked_out_at),
        },
    )


@staff_required("volunteers.change_shift")
def session_checkin_code(request, pk):
    """The code now, for the check-in page to refresh itself without reloading."""
    session = get_object_or_404(_sessions(request), pk=pk)
    code, refusal = _code(request, session)
    checked = Shift.objects.filter(session=session)
    body = {
        "refusal": refusal,
        "token": code["token"] if code else None,
        "qr": asdict(code["qr"]) if code else None,
        "url": code["url"] if code else None,
        "checked_in": checked.filter(checked_in_at__isnull=False).count(),
        "checked_out": checked.filter(checked_out_at__isnull=False).count(),
    }
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response


def _code(request, session):
    try:
        code = checkin.current_code(session=session, by=request.user)
    except ValidationError as refusal:
        return None, " ".join(refusal.messages)
    url = request.build_absolute_uri(reverse("volunteers:checkin_scan", args=[code.token]))
    return {"token": code.token, "url": url, "qr": qr_drawing(url)}, None


def _proposal(session):
    """What the pairing proposes: the volunteers with a place, the children who can be paired
    (only those present once the coordinator marked them), at most the cap each."""
    volunteers = {
        v.pk: {s.code for s in v.subjects.all()}
        for v in Volunteer.objects.filter(
            shifts__session=session,
            shifts__status__in=[Shift.Status.CONFIRMED, Shift.Status.ATTENDED],
        ).prefetch_related("subjects")
    }
    children = {
        c.pk: {s.code for s in c.subjects.all()}
        for c in services.eligible_children(session).prefetch_related("subjects")
    }
    previous = (
        TutoringSession.objects.filter(station=session.station, date__lt=session.date)
        .order_by("-date")
        .first()
    )
    last_pairs = (
        dict(Pairing.objects.filter(session=previous).values_list("child_id", "volunteer_id"))
        if previous
        else {}
    )
    proposal = propose_pairs(volunteers, children, last_pairs, cap=settings.VOLUNTEERS_MAX_CHILDREN)
    return volunteers, children, proposal


@staff_required("volunteers.change_pairing")
def pairing(request, pk):
    """The proposal (continuity, subjects, evenness), which the coordinator may change."""
    session = get_object_or_404(_sessions(request), pk=pk)
    volunteers, children, proposal = _proposal(session)
    if request.method == "POST":
        form = PairingForm(request.POST, children=children, volunteers=volunteers)
        try:
            if not form.is_valid():
                raise ValidationError(_("Choose each child's volunteer from the list."))
            pairs = [
                Pair(volunteer, child, min(volunteers[volunteer] & children[child], default=None))
                for child, volunteer in form.chosen().items()
            ]
            services.pairings_save(session=session, pairs=pairs, by=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("%(count)s pairs saved.") % {"count": len(pairs)})
            return redirect("volunteers:staff_pairing", pk=session.pk)
    saved = dict(Pairing.objects.filter(session=session).values_list("child_id", "volunteer_id"))
    proposed = {p.child: p.volunteer for p in proposal}
    names = dict(Volunteer.objects.filter(pk__in=volunteers).values_list("pk", "name"))
    chosen = saved if saved else proposed
    rows = [
        (child, chosen.get(child.pk))
        for child in Child.objects.filter(pk__in=children).prefetch_related("subjects")
    ]
    return render(
        request,
        "volunteers/staff/pairing.html",
        {
            "session": session,
            "rows": rows,
            "volunteer_choices": sorted(names.items(), key=lambda item: item[1]),
            "is_saved": bool(saved),
            "children_marked": session.children_marked_at is not None,
            "unpaired": sum(1 for _child, volunteer in rows if volunteer is None),
            "cap": settings.VOLUNTEERS_MAX_CHILDREN,
        },
    )


@staff_required("volunteers.view_child")
def child_progress(request, pk):
    """A child's scores across terms: the full name and grades, so the opening is logged."""
    child = get_object_or_404(
        Child.objects.filter(station__in=Station.objects.coordinated_by(request.user)), pk=pk
    )
    services.child_opened(child=child, by=request.user)
    grades = list(GradeRecord.objects.filter(child=child).select_related("subject"))
    terms = sorted({g.term for g in grades}, key=term_order)
    subjects = sorted({g.subject for g in grades}, key=lambda s: s.pk)
    table = {(g.term, g.subject_id): g for g in grades}
    series = {
        str(subject): [
            round(table[(term, subject.pk)].percent, 1) if (term, subject.pk) in table else None
            for term in terms
        ]
        for subject in subjects
    }
    labels = [term_label(term) for term in terms]
    chart = line_chart(_("Scores per subject (percent of full marks)"), labels, series, maximum=100)
    rows = [
        (term_label(term), [table.get((term, subject.pk)) for subject in subjects])
        for term in terms
    ]
    return render(
        request,
        "volunteers/staff/progress.html",
        {"child": child, "chart": chart, "subjects": subjects, "rows": rows},
    )


@staff_required("volunteers.change_shift")
def session_broadcast(request, pk):
    """A short message to every volunteer with a place this Saturday."""
    session = get_object_or_404(_sessions(request), pk=pk)
    title = notices.saturday_title(session)

    def people():
        return [
            shift.volunteer
            for shift in Shift.objects.filter(
                session=session, status=Shift.Status.CONFIRMED
            ).select_related("volunteer__user")
        ]

    return broadcast_view(
        request,
        people_of=people,
        about=session,
        sender=title,
        title=f"{session.station.name} {title}",
        back=reverse("volunteers:staff_session", args=[session.pk]),
        link=reverse("volunteers:my_saturdays"),
    )
