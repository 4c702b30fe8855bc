"""Messages' part of the 工作台: deliveries that failed."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.workbench import Waiting

from .models import Delivery


def waiting(user, now) -> list[Waiting]:
    if not user.has_perm("notifications.view_delivery"):
        return []
    return [
        Waiting(
            _("Messages that could not be sent"),
            Delivery.objects.filter(status=Delivery.Status.FAILED).count(),
            reverse("admin:notifications_delivery_changelist") + "?status__exact=failed",
        )
    ]
