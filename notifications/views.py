from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm
from .models import Message

MESSAGES_PER_PAGE = 20


@login_required
def inbox(request):
    """我的消息: newest first, unread marked."""
    page = Paginator(
        Message.objects.filter(user=request.user).only(
            "pk", "kind", "text", "link", "created_at", "read_at"
        ),
        MESSAGES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


@login_required
@require_POST
def read(request, pk):
    """Open a message: it is read from now on; go to what it is about, or back to the inbox."""
    message = get_object_or_404(Message, pk=pk, user=request.user)
    services.mark_read(request.user, message.pk)
    target = message.link
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@login_required
@require_POST
def read_all(request):
    count = services.mark_read(request.user)
    if count:
        messages.success(request, _("All messages are marked read."))
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    preference = services.preference(request.user)
    form = PreferenceForm(
        request.POST or None, instance=preference, initial={"email": request.user.email}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.user = request.user
            form.save()
            request.user.email = form.cleaned_data["email"]
            request.user.save(update_fields=["email"])
        messages.success(request, _("Your message settings are saved."))
        return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})
