from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.admin_a11y import LabelledTabularInline

from .models import Delivery, Message
from .services import queue


class ReadOnlyAdmin(admin.ModelAdmin):
    """What was told is a record: staff read it, nobody edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(LabelledTabularInline):
    model = Delivery
    fields = ("channel", "address", "status", "attempts", "not_before", "sent_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "name", "kind_label", "shown_text", "read_at")
    list_filter = ("kind", "created_at")
    search_fields = ("name",)
    date_hierarchy = "created_at"
    fields = ("name", "user", "kind_label", "shown_text", "link", "created_at", "read_at")
    readonly_fields = fields
    inlines = [DeliveryInline]
    list_select_related = ("user",)

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description=_("text"))
    def shown_text(self, obj):
        return obj.shown_text


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "status",
        "channel",
        "address",
        "sent_at",
        "attempts",
        "last_error",
        "not_before",
        "message",
    )
    list_filter = ("status", "channel")
    search_fields = ("address", "message__name")
    list_select_related = ("message",)
    fields = list_display
    actions = ["try_again"]

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.change_delivery")

    @admin.action(description=_("Try the selected failed deliveries again"), permissions=["retry"])
    def try_again(self, request, queryset):
        with transaction.atomic():
            failed = list(
                queryset.select_for_update().filter(status=Delivery.Status.FAILED).order_by("pk")
            )
            for delivery in failed:
                delivery.status = Delivery.Status.PENDING
                delivery.attempts = 0
                delivery.not_before = None
                delivery.save(update_fields=["status", "attempts", "not_before"])
                queue(delivery)
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery will be tried again.",
                    "%(count)d deliveries will be tried again.",
                    len(failed),
                )
                % {"count": len(failed)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("None of those deliveries had failed."), messages.WARNING)
