"""The programme's page for the public, the cadres' own page, and the exam-target progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.permissions import staff_required

from . import services
from .cadres import exam_progress
from .forms import AssignmentDoneForm, ReadingNoteForm
from .models import (
    Cadre,
    ExamResult,
    ExamTarget,
    LeadershipMember,
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
    notes = cadre.reading_notes.select_related("study")[:12]
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
