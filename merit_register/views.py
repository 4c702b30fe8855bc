from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community import pagecache, submissions
from community.pagecache import public_page
from community.permissions import cleared_staff
from community.throttling import TYPED_TEXT_KEPT, limit_posts

from . import posters, services
from .forms import DeedFilterForm, DeedReportForm
from .models import Board, BoardDeed, Deed, DeedDoer

DEEDS_PER_PAGE = 20
PUBLIC_DOERS = Prefetch("doers", queryset=DeedDoer.objects.select_related("resident", "user"))


@public_page("merit", "site", params=DeedFilterForm.base_fields.keys() | {"page"})
def deed_list(request):
    filters = DeedFilterForm(request.GET).filters()
    deeds = DeedFilterForm.apply(Deed.objects.for_public_listing(), filters).prefetch_related(
        PUBLIC_DOERS
    )
    page = Paginator(deeds, DEEDS_PER_PAGE).get_page(request.GET.get("page"))
    pagecache.canonical(request, filters=filters, page=page, cacheable="q" not in filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "merit_register/deed_list.html",
        {
            "form": DeedFilterForm(initial=filters),
            "filtering": bool(filters),
            "page_obj": page,
            "query": query.urlencode(),
        },
    )


@public_page("merit", "site")
def deed_detail(request, pk):
    deed = get_object_or_404(
        Deed.objects.published().select_related("community").prefetch_related(PUBLIC_DOERS),
        pk=pk,
    )
    return render(
        request, "merit_register/deed_detail.html", {"deed": deed, "photos": deed.photos.all()}
    )


def _report_page(request, form):
    my_reports = Deed.objects.filter(submitted_by=request.user).order_by("-submitted_at")[:20]
    return render(
        request, "merit_register/deed_report.html", {"form": form, "my_reports": my_reports}
    )


@login_required
def _report_kept(request):
    """The report over the post limit: the form again with what was typed; nothing is saved.
    The photos are not decoded (a browser cannot give them back, they are chosen again)."""
    form = DeedReportForm(request.POST)
    form.add_error(None, TYPED_TEXT_KEPT)
    if request.FILES:
        form.add_error("photos", _("Please choose the photos again."))
    return _report_page(request, form)


@limit_posts("deed_report", keep_typed=_report_kept)
@login_required
def deed_report(request):
    form = DeedReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submission = data.pop("submission")
        if not submissions.claim(submission):
            messages.info(request, _("This report was already received."))
            return redirect("merit_register:deed_report")
        try:
            services.deed_report(reporter=request.user, **data)
        except ValidationError as error:
            submissions.release(submission)  # corrected and sent again, it is a new report
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your report is waiting for review and will be published once "
                    "approved."
                ),
            )
            return redirect("merit_register:deed_report")
    return _report_page(request, form)


@public_page("merit", "site", params={"page"})
def board_list(request):
    boards = Board.objects.public().select_related("community").order_by("-posted_on", "-pk")
    page = Paginator(boards, DEEDS_PER_PAGE).get_page(request.GET.get("page"))
    pagecache.canonical(request, page=page)
    return render(request, "merit_register/board_list.html", {"page_obj": page})


def _board(request, pk):
    """A public board; staff who work on boards also see drafts and deeds not yet published."""
    staff = cleared_staff(request.user, "merit_register.view_board")
    boards = Board.objects.all() if staff else Board.objects.public()
    shown = [Deed.Status.PUBLISHED, Deed.Status.APPROVED] if staff else [Deed.Status.PUBLISHED]
    board = get_object_or_404(boards.select_related("community__street"), pk=pk)
    entries = (
        BoardDeed.objects.filter(board=board, deed__status__in=shown)
        .select_related("deed__community")
        .prefetch_related(
            Prefetch("deed__doers", queryset=DeedDoer.objects.select_related("resident", "user"))
        )
    )
    return board, entries


@public_page("merit", "site")
def board_detail(request, pk):
    board, entries = _board(request, pk)
    return render(request, "merit_register/board_detail.html", {"board": board, "entries": entries})


@public_page("merit", "site", params={"size"})
def board_poster(request, pk):
    board, entries = _board(request, pk)
    size = "a3" if request.GET.get("size") == "a3" else "a4"
    pagecache.canonical(request, filters={"size": size} if size == "a3" else {})
    return render(
        request,
        "merit_register/board_poster.html",
        {
            "board": board,
            "street": board.community.street,
            "entries": entries.prefetch_related("deed__photos"),
            "size": size,
        },
    )


def board_qr(request, pk):
    board, _entries = _board(request, pk)
    url = request.build_absolute_uri(board.get_absolute_url())
    return HttpResponse(posters.qr_svg(url), content_type="image/svg+xml")
