"""The 爱心班 pages of volunteers. A volunteer sees a child only through a pairing with them:
masked name, grade, subjects and the tutoring notes; any other child is a 404."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import LoginRegistrationForm
from community.qrcodes import qr_drawing
from community.services import register_login
from community.terms import term_dates, term_label, term_of
from community.throttling import limit_posts
from community.views import registered_quietly

from . import checkin, services
from .forms import TermSignupForm, TutoringNoteForm, VolunteerApplicationForm
from .models import (
    Certificate,
    CheckInCode,
    Child,
    Pairing,
    Shift,
    Station,
    TutoringNote,
    TutoringSession,
    Volunteer,
)


def volunteer_of(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()


def verified_volunteer(request) -> Volunteer:
    volunteer = volunteer_of(request.user)
    if volunteer is None or not volunteer.is_verified:
        raise PermissionDenied(_("This page is for verified volunteers."))
    return volunteer


def index(request):
    return render(request, "volunteers/index.html", {"volunteer": volunteer_of(request.user)})


@limit_posts("register")
def register(request):
    """A student's login of its own (no 居委会); then back to the volunteer application. A number
    registered before gets the same answer as a new one, as on the residents' page."""
    if request.user.is_authenticated:
        return redirect("volunteers:apply")
    form = LoginRegistrationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and registered_quietly(
            form,
            lambda: register_login(
                mobile=form.cleaned_data["mobile"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            ),
        )
    ):
        messages.info(
            request,
            _(
                "Please log in with your mobile number and password; you then come back to "
                "the volunteer application. If this number was registered before, use the "
                "password you had then."
            ),
        )
        return redirect(f"{reverse('login')}?next={reverse('volunteers:apply')}")
    return render(request, "volunteers/register.html", {"form": form})


@limit_posts("volunteer_apply")
@login_required
def apply(request):
    if volunteer_of(request.user) is not None:
        return redirect("volunteers:index")
    form = VolunteerApplicationForm(
        request.POST or None,
        initial={"name": request.user.name, "mobile": request.user.mobile},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_apply(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for applying. The coordinator will check your details and verify "
                    "you; you can sign up for Saturdays after that."
                ),
            )
            return redirect("volunteers:index")
    return render(request, "volunteers/apply.html", {"form": form})


@login_required
def saturdays(request):
    volunteer = verified_volunteer(request)
    sessions = list(TutoringSession.objects.upcoming().select_related("station")[:12])
    mine = {
        shift.session_id: shift
        for shift in Shift.objects.live().filter(volunteer=volunteer, session__in=sessions)
    }
    now = timezone.now()
    rows = [(session, mine.get(session.pk), now <= session.signup_cutoff()) for session in sessions]
    return render(
        request,
        "volunteers/saturdays.html",
        {"rows": rows, "term_offers": _term_offers(volunteer, sessions)},
    )


def _term_offers(volunteer, sessions):
    """For each station and term of the coming Saturdays: how many are still open to this
    volunteer, to sign up for all of them in one step."""
    groups = {(session.station, term_of(session.date)) for session in sessions}
    if not groups:
        return []
    spans = [term_dates(term) for _station, term in groups]
    open_now = services.open_saturdays(
        volunteer=volunteer,
        stations={station.pk for station, _term in groups},
        first=min(first for first, _last in spans),
        last=max(last for _first, last in spans),
    )
    counts = Counter((session.station_id, term_of(session.date)) for session in open_now)
    return [
        {
            "station": station,
            "term": term,
            "label": term_label(term),
            "count": counts[(station.pk, term)],
        }
        for station, term in sorted(groups, key=lambda pair: (term_dates(pair[1]), pair[0].pk))
        if counts[(station.pk, term)]
    ]


@require_POST
@limit_posts("signup")
@login_required
def term_signup(request):
    volunteer = verified_volunteer(request)
    form = TermSignupForm(request.POST)
    station = (
        Station.objects.filter(pk=form.cleaned_data["station"]).first() if form.is_valid() else None
    )
    if station is None:
        messages.error(request, _("Choose a term from the list."))
        return redirect("volunteers:saturdays")
    try:
        counts = services.term_signup(
            volunteer=volunteer, station=station, term=form.cleaned_data["term"]
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            _(
                "Signed up for the term: %(confirmed)s Saturdays with a place, %(waitlisted)s on "
                "the waiting list. You can still cancel each until its cut-off."
            )
            % counts,
        )
    return redirect("volunteers:saturdays")


@require_POST
@limit_posts("signup")
@login_required
def shift_signup(request, pk):
    volunteer = verified_volunteer(request)
    session = get_object_or_404(TutoringSession.objects.upcoming(), pk=pk)
    try:
        shift = services.shift_signup(session=session, volunteer=volunteer)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        if shift.status == Shift.Status.CONFIRMED:
            messages.success(request, _("You are signed up for this Saturday. Thank you!"))
        else:
            messages.info(request, _("The places are taken: you are on the waiting list."))
    return redirect("volunteers:saturdays")


@require_POST
@login_required
def shift_cancel(request, pk):
    volunteer = verified_volunteer(request)
    shift = get_object_or_404(Shift, pk=pk, volunteer=volunteer)
    try:
        services.shift_cancel(shift=shift, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Your sign-up for this Saturday is cancelled."))
    return redirect("volunteers:saturdays")


def _last_notes(children_ids):
    """The latest note on each child, whoever wrote it, in one query."""
    notes = {}
    for note in (
        TutoringNote.objects.filter(pairing__child_id__in=children_ids)
        .select_related("pairing__session")
        .order_by("-written_at")
    ):
        notes.setdefault(note.pairing.child_id, note)
    return notes


@login_required
def my_saturdays(request):
    volunteer = verified_volunteer(request)
    shifts = list(
        Shift.objects.live()
        .filter(volunteer=volunteer)
        .select_related("session__station")
        .order_by("-session__date")[:12]
    )
    pairings = list(
        Pairing.objects.filter(volunteer=volunteer, session__in=[s.session for s in shifts])
        .select_related("child", "subject", "session")
        .prefetch_related("child__subjects", Prefetch("notes", to_attr="my_notes"))
    )
    last_notes = _last_notes({p.child_id for p in pairings})
    today = timezone.localdate()
    by_session = {}
    for pairing in pairings:
        pairing.last_note = last_notes.get(pairing.child_id)
        pairing.note_open = pairing.session.date <= today
        if pairing.note_open:
            pairing.note_form = TutoringNoteForm.for_pairing(pairing)
        by_session.setdefault(pairing.session_id, []).append(pairing)
    rows = [(shift, by_session.get(shift.session_id, [])) for shift in shifts]
    return render(
        request,
        "volunteers/my_saturdays.html",
        {"rows": rows, "hours": services.hours_of(volunteer)},
    )


@require_POST
@login_required
def note_write(request, pk):
    volunteer = verified_volunteer(request)
    pairing = get_object_or_404(
        Pairing.objects.select_related("session"), pk=pk, volunteer=volunteer
    )
    form = TutoringNoteForm.for_pairing(pairing, request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect("volunteers:my_saturdays")
    try:
        services.note_write(pairing=pairing, volunteer=volunteer, **form.cleaned_data)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Your tutoring note is saved."))
    return redirect("volunteers:my_saturdays")


@login_required
def child_for_volunteer(request, pk):
    """Only children paired with this volunteer, only what tutoring needs."""
    volunteer = verified_volunteer(request)
    if not Pairing.objects.filter(volunteer=volunteer, child_id=pk).exists():
        raise Http404
    # Once consent is withdrawn or the child has left, past volunteers see nothing more.
    child = get_object_or_404(
        Child.objects.active().with_live_consent().prefetch_related("subjects"), pk=pk
    )
    notes = (
        TutoringNote.objects.filter(pairing__child=child)
        .select_related("pairing__session", "author")
        .order_by("-written_at")[:10]
    )
    return render(request, "volunteers/child.html", {"child": child, "notes": notes})


@login_required
def hours(request):
    volunteer = verified_volunteer(request)
    shifts = (
        Shift.objects.counted()
        .filter(volunteer=volunteer)
        .select_related("session__station")
        .order_by("-session__date")
    )
    return render(
        request,
        "volunteers/hours.html",
        {"shifts": shifts, "figures": services.hours_of(volunteer)},
    )


@require_POST
@login_required
def certificate_issue(request):
    volunteer = verified_volunteer(request)
    try:
        certificate = services.certificate_issue(volunteer=volunteer)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("volunteers:hours")
    return redirect("volunteers:certificate", code=certificate.code)


@login_required
def certificate(request, code):
    volunteer = verified_volunteer(request)
    certificate = get_object_or_404(Certificate, code=code, volunteer=volunteer)
    verify_url = request.build_absolute_uri(reverse("volunteers:verify", args=[certificate.code]))
    return render(
        request,
        "volunteers/certificate.html",
        {
            "certificate": certificate,
            "volunteer": volunteer,
            "verify_url": verify_url,
            "verify_qr": qr_drawing(verify_url),
        },
    )


@login_required
def checkin_scan(request, token):
    """What a volunteer's phone opens from the coordinator's QR code: one big button that checks
    them in (or out). Opening the page changes nothing; the button does."""
    volunteer = verified_volunteer(request)
    code = CheckInCode.objects.select_related("session__station").filter(token=token).first()
    shift = (
        Shift.objects.live().filter(session=code.session, volunteer=volunteer).first()
        if code
        else None
    )
    if request.method == "POST":
        try:
            shift = checkin.scan(token=token, volunteer=volunteer)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            if shift.checked_out_at:
                messages.success(
                    request,
                    _("Checked out. %(hours)s hours are credited for today; thank you!")
                    % {"hours": shift.hours},
                )
            else:
                messages.success(
                    request,
                    _("Checked in at %(time)s. Scan the code again when you leave.")
                    % {"time": f"{timezone.localtime(shift.checked_in_at):%H:%M}"},
                )
            return redirect("volunteers:hours")
    return render(
        request,
        "volunteers/checkin.html",
        {"code": code, "shift": shift, "session": code.session if code else None},
    )


def verify(request, code):
    """Public: anyone checks a certificate by its code; it shows only name, hours, period and
    station."""
    certificate = (
        Certificate.objects.select_related("volunteer").filter(code=code.strip().upper()).first()
    )
    return render(request, "volunteers/verify.html", {"certificate": certificate, "code": code})
