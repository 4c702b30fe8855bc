"""Staff pages of the merit register: the ledger, where boards hang, and posting a board."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.ledgers import download
from community.permissions import staff_required

from . import exports, services
from .forms import BoardComposeForm, BoardPeriodForm, BoardPostForm, LedgerPeriodForm
from .models import Board, Deed


@staff_required("merit_register.view_deed")
def ledger(request):
    form = LedgerPeriodForm(request.GET or None)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        return download(exports.ledger_workbook(start, end), f"merit-{start}-{end}.xlsx")
    return render(request, "merit_register/staff/ledger.html", {"form": form})


@staff_required("merit_register.view_deed")
def recommendations(request):
    """推荐表: the deeds recommended upward in a period, as an Excel workbook."""
    form = LedgerPeriodForm(request.GET or None)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        return download(
            exports.recommendation_workbook(start, end), f"recommendations-{start}-{end}.xlsx"
        )
    return render(request, "merit_register/staff/recommendations.html", {"form": form})


@staff_required("merit_register.view_board")
def boards_posted(request):
    boards = (
        Board.objects.posted()
        .select_related("community")
        .order_by("community__name", "location", "-posted_on")
    )
    return render(request, "merit_register/staff/boards_posted.html", {"boards": boards})


@staff_required("merit_register.review_deed")
def board_compose(request, pk):
    """选择功德: tick the published deeds of the board's committee in a period; those on the
    board stay first, in their order."""
    board = get_object_or_404(Board.objects.select_related("community"), pk=pk)
    period = BoardPeriodForm(
        request.GET or None, initial={"start": board.period_start, "end": board.period_end}
    )
    if period.is_bound:
        dates = period.cleaned_data if period.is_valid() else {}
    else:
        dates = {"start": board.period_start, "end": board.period_end}
    candidates = Deed.objects.for_board_checklist(
        board, start=dates.get("start"), end=dates.get("end")
    )
    form = BoardComposeForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        initial={"deeds": [e.deed_id for e in board.entries.all()]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.board_compose(board=board, deeds=form.cleaned_data["deeds"], by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            count = len(form.cleaned_data["deeds"])
            messages.success(
                request,
                ngettext(
                    "%(count)s deed is on the board.", "%(count)s deeds are on the board.", count
                )
                % {"count": count},
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "merit_register/staff/board_compose.html",
        {
            "board": board,
            "period": period,
            "form": form,
            "deeds": candidates,
            "ticked": {str(pk) for pk in form["deeds"].value() or []},
        },
    )


@staff_required("merit_register.change_board")
def board_post(request, pk):
    board = get_object_or_404(Board, pk=pk)
    # Where the board hangs is usually where it was planned to: no typing it again.
    form = BoardPostForm(
        request.POST or None, request.FILES or None, initial={"location": board.location}
    )
    if request.method == "POST" and form.is_valid():
        try:
            board = services.board_post(board=board, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The board is marked as posted."))
            replaced = [str(b.issue_number) for b in Board.objects.replaced_by(board)]
            if replaced:
                messages.info(
                    request,
                    ngettext(
                        "Issue %(issues)s, which hung there before, is marked as taken down.",
                        "Issues %(issues)s, which hung there before, are marked as taken down.",
                        len(replaced),
                    )
                    % {"issues": "、".join(replaced)},
                )
            return redirect("merit_register:staff_boards_posted")
    return render(request, "merit_register/staff/board_post.html", {"board": board, "form": form})
