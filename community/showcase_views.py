"""Public pages of the showcase: the gallery of works, exemplars, honours and newsletters."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Exemplar, Honour, NewsletterIssue, Work

WORKS_PER_PAGE = 24


def gallery(request):
    works = Work.objects.filter(exemplar__published=True).select_related("exemplar")
    page = Paginator(works, WORKS_PER_PAGE).get_page(request.GET.get("page"))
    exemplars = Exemplar.objects.filter(published=True)
    return render(request, "community/showcase.html", {"page_obj": page, "exemplars": exemplars})


def exemplar_detail(request, pk):
    exemplar = get_object_or_404(Exemplar.objects.filter(published=True), pk=pk)
    return render(
        request,
        "community/exemplar.html",
        {"exemplar": exemplar, "works": exemplar.works.all()},
    )


def honours(request):
    return render(request, "community/honours.html", {"honours": Honour.objects.all()})


def newsletters(request):
    issues = NewsletterIssue.objects.all()
    page = Paginator(issues, WORKS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/newsletters.html", {"page_obj": page})
