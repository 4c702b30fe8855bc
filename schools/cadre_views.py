"""The programme's page for the public, the cadres' own page, the exam-target progress, and
who has handed in a month's reading note and done its study assignments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.ledgers import download
from community.permissions import staff_required

from . import exports, services
from .cadres import exam_progress, month_start, next_month, previous_month, study_month
from .forms import AssignmentDoneForm, ReadingNoteForm, StudyMonthForm
from .models import (
    Cadre,
    ExamResult,
    ExamTarget,
    LeadershipMember,
    ReadingNote,
    StudyAssignment,
    StudyPlan,
)


def about(request):
    return render(
        request,
        "schools/about.html",
        {"members": LeadershipMember.objects.all(), "plans": StudyPlan.objects.all()[:10]},
    )


def _cadre(request) -> Cadre:
    cadre = Cadre.objects.filter(user=request.user).first()
    if cadre is None:
        raise PermissionDenied(_("This page is for the street's cadres."))
    return cadre


@login_required
def cadre_page(request):
    cadre = _cadre(request)
    form = ReadingNoteForm(request.POST or None, cadre=cadre)
    if request.method == "POST" and form.is_valid():
        try:
            services.reading_note_hand_in(cadre=cadre, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Your reading note is handed in."))
            return redirect("schools:cadre_page")
    done = set(cadre.completions.values_list("assignment_id", flat=True))
    assignments = [(a, a.pk in done) for a in StudyAssignment.objects.all()[:12]]
    results = ExamResult.objects.filter(cadre=cadre).select_related("exam").order_by("exam__date")
    notes = cadre.reading_notes.select_related("study").order_by("-study__date", "-pk")[:12]
    return render(
        request,
        "schools/cadre_page.html",
        {
            "cadre": cadre,
            "form": form,
            "assignments": assignments,
            "results": results,
            "notes": notes,
        },
    )


@require_POST
@login_required
def assignment_done(request):
    cadre = _cadre(request)
    form = AssignmentDoneForm(request.POST)
    if form.is_valid():
        services.assignment_complete(cadre=cadre, assignment=form.cleaned_data["assignment"])
        messages.success(request, _("Marked as done."))
    else:
        messages.error(request, " ".join(form.errors["assignment"]))
    return redirect("schools:cadre_page")


@staff_required("schools.view_examresult")
def exam_progress_page(request):
    return render(
        request,
        "schools/staff/exam_progress.html",
        {"progress": exam_progress(), "target": ExamTarget.objects.first()},
    )


def _month_form(request) -> StudyMonthForm:
    """The month asked for, this month when none is."""
    if request.GET.get("month"):
        return StudyMonthForm(request.GET)
    return StudyMonthForm({"month": f"{timezone.localdate():%Y-%m}"})


def _month_url(name: str, month) -> str:
    return f"{reverse(name)}?{urlencode({'month': f'{month:%Y-%m}'})}"


@staff_required("schools.view_examresult")
def cadre_notes_page(request):
    """Who has handed in the month's reading note and done its study assignments."""
    form = _month_form(request)
    context = {"form": form}
    if form.is_valid():
        this_month = month_start(timezone.localdate())
        month = study_month(form.cleaned_data["month"])
        context.update(
            month=month,
            can_read_notes=request.user.has_perm("schools.view_readingnote"),
            previous_url=_month_url("schools:staff_cadre_notes", previous_month(month.month)),
            next_url=(
                _month_url("schools:staff_cadre_notes", next_month(month.month))
                if month.month < this_month
                else ""
            ),
            export_url=_month_url("schools:staff_cadre_notes_export", month.month),
        )
    return render(request, "schools/staff/cadre_notes.html", context)


@staff_required("schools.view_examresult")
def cadre_notes_export(request):
    form = _month_form(request)
    month = study_month(form.cleaned_data["month"]) if form.is_valid() else None
    if month is None or not month.begun:
        # The page says what is wrong with the month.
        return redirect(f"{reverse('schools:staff_cadre_notes')}?{request.GET.urlencode()}")
    return download(exports.study_month_workbook(month), f"cadre-study-{month.month:%Y-%m}.xlsx")


@staff_required("schools.view_readingnote")
def cadre_note(request, pk):
    note = get_object_or_404(ReadingNote.objects.select_related("cadre", "study"), pk=pk)
    return render(
        request,
        "schools/staff/cadre_note.html",
        {
            "note": note,
            "back_url": _month_url("schools:staff_cadre_notes", note.study.date),
        },
    )
