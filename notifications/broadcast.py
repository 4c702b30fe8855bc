"""Staff broadcast: a short notice to everyone confirmed in a course, an event or a Saturday
("下周三停课一次"), previewed (how many people, by which channel), then sent and audited.

The apps' staff views find the people (in their own scope) and call `broadcast_view`.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import audit
from community.models import AuditEntry

from .models import Delivery
from .services import notify_all, plan, quiet_until, recipient, short

TEXT_LENGTH = 50


class BroadcastForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("At most 50 characters, so that it fits one SMS."),
        error_messages={
            "required": gettext_lazy("Write the message."),
            "max_length": gettext_lazy("At most 50 characters, please: it must fit one SMS."),
        },
    )

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Write the message."))
        return text


def preview(people) -> dict:
    """How many distinct people, and how many of them by each channel."""
    counts = {"people": 0, "sms": 0, "email": 0, "inbox": 0, "nowhere": 0}
    seen = set()
    for person in people:
        key = recipient(person).key
        if key in seen:
            continue
        seen.add(key)
        counts["people"] += 1
        where = plan(person, "broadcast")
        if where is None:
            counts["nowhere"] += 1
            continue
        channels = {channel for channel, _address in where.channels}
        counts["sms"] += Delivery.Channel.SMS in channels
        counts["email"] += Delivery.Channel.EMAIL in channels
        counts["inbox"] += where.inbox
    counts["held_until"] = quiet_until(timezone.now())
    return counts


def broadcast_view(request, *, people_of, about, sender: str, title: str, back: str, link: str):
    """The form, its preview and the send. `people_of()` gives the people now (evaluated again
    at sending, so the preview and the send count the same people)."""
    form = BroadcastForm(request.POST or None)
    counts = None
    if request.method == "POST" and form.is_valid():
        people = list(people_of())
        counts = preview(people)
        if request.POST.get("confirm") == "1":
            text = form.cleaned_data["text"]
            with transaction.atomic():
                told = notify_all(
                    people,
                    "broadcast",
                    {"sender": short(sender, 12), "text": text},
                    link=link,
                )
                audit.record(
                    actor=request.user,
                    action=AuditEntry.Action.MESSAGE_BROADCAST,
                    target=about,
                    text=text,
                    people=counts["people"],
                    sms=counts["sms"],
                    email=counts["email"],
                )
            messages.success(
                request, _("Your message was sent to %(count)s people.") % {"count": told}
            )
            return redirect(back)
    return render(
        request,
        "notifications/broadcast.html",
        {"form": form, "counts": counts, "title": title, "back": back},
    )
