"""What the 功德录 tells people: reviewers of a new report, and the reporter of its review."""

from django.urls import reverse

from notifications.services import notify, notify_all, short, staff_with_perm

from .models import Deed


def deed_reported(deed: Deed) -> None:
    notify_all(
        staff_with_perm("merit_register.review_deed").exclude(pk=deed.submitted_by_id),
        "staff_deed_reported",
        {"title": short(deed.title, 20)},
        link=reverse("admin:merit_register_deed_change", args=[deed.pk]),
        once=f"reported:deed:{deed.pk}",
    )


def deed_reviewed(deed: Deed, kind: str, *, by) -> None:
    """Tell the reporter that their deed was approved, returned (with the reason) or published;
    a reviewer is not told of their own decision on their own report."""
    if deed.submitted_by_id is None or deed.submitted_by_id == by.pk:
        return
    context = {"title": short(deed.title, 16), "reason": short(deed.rejection_reason, 30)}
    link = deed.get_absolute_url() if kind == "deed_published" else reverse("account")
    moment = deed.published_at if kind == "deed_published" else deed.reviewed_at
    stamp = f"{moment:%Y%m%d%H%M%S}"
    notify(deed.submitted_by, kind, context, link=link, once=f"{kind}:{deed.pk}:{stamp}")
