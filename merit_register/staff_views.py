"""Staff pages of the merit register: the ledger, where boards hang, and posting a board."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.ledgers import download
from community.permissions import staff_required

from . import exports, services
from .forms import BoardPostForm, LedgerPeriodForm
from .models import Board


@staff_required("merit_register.view_deed")
def ledger(request):
    form = LedgerPeriodForm(request.GET or None)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        return download(exports.ledger_workbook(start, end), f"merit-{start}-{end}.xlsx")
    return render(request, "merit_register/staff/ledger.html", {"form": form})


@staff_required("merit_register.view_board")
def boards_posted(request):
    boards = (
        Board.objects.posted()
        .select_related("community")
        .order_by("community__name", "location", "-posted_on")
    )
    return render(request, "merit_register/staff/boards_posted.html", {"boards": boards})


@staff_required("merit_register.change_board")
def board_post(request, pk):
    board = get_object_or_404(Board, pk=pk)
    form = BoardPostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_post(board=board, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The board is marked as posted."))
            return redirect("merit_register:staff_boards_posted")
    return render(request, "merit_register/staff/board_post.html", {"board": board, "form": form})
