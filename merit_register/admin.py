from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.pagecache import PublicPagesAdminMixin

from . import services
from .forms import BoardForm, DeedPhotoForm, RejectForm
from .models import Board, BoardDeed, Deed, DeedDoer, DeedPhoto


def _apply(modeladmin, request, queryset, service, done_message):
    """Run a review service on each selected deed and report how many it changed."""
    changed, refused = 0, []
    for deed in queryset:
        try:
            service(deed=deed, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            refused.append(f"{deed.title}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        else:
            changed += 1
    modeladmin.message_user(request, done_message % {"count": changed}, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


@admin.action(description=_("Approve the selected deeds"), permissions=["review"])
def approve(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.deed_approve, gettext("%(count)s approved."))


@admin.action(description=_("Publish the selected deeds"), permissions=["review"])
def publish(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.deed_publish, gettext("%(count)s published."))


@admin.action(description=_("Withdraw the selected deeds from public view"), permissions=["review"])
def withdraw(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.deed_withdraw, gettext("%(count)s withdrawn."))


@admin.action(description=_("Reject the selected deeds, with a reason"), permissions=["review"])
def reject(modeladmin, request, queryset):
    form = RejectForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        _apply(
            modeladmin,
            request,
            queryset,
            lambda deed, by: services.deed_reject(deed=deed, by=by, reason=reason),
            gettext("%(count)s rejected."),
        )
        return None
    return TemplateResponse(
        request,
        "admin/merit_register/deed/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": gettext("Reject deeds"),
            "deeds": queryset,
            "form": form,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class DeedDoerInline(admin.TabularInline):
    model = DeedDoer
    extra = 1
    min_num = 1
    autocomplete_fields = ("resident", "user")


class DeedPhotoInline(admin.TabularInline):
    model = DeedPhoto
    form = DeedPhotoForm
    extra = 0
    fields = ("image", "caption")


@admin.register(Deed)
class DeedAdmin(PublicPagesAdminMixin, admin.ModelAdmin):
    """The review queue: filter by status “waiting for review”, then use the actions."""

    page_scopes = ("merit",)

    list_display = (
        "title",
        "community",
        "category",
        "date",
        "status",
        "submitted_by",
        "reviewed_by",
        "recommended_upward",
    )
    list_filter = ("status", "category", "community", "recommended_upward")
    list_select_related = ("community", "submitted_by", "reviewed_by")
    search_fields = ("title", "story", "doers__name")
    date_hierarchy = "date"
    inlines = [DeedDoerInline, DeedPhotoInline]
    actions = [approve, reject, publish, withdraw]
    readonly_fields = (
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
        "published_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "date", "category", "community", "beneficiary", "story")}),
        (
            _("Review"),
            {
                "fields": (
                    "status",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                    "rejection_reason",
                    "published_at",
                )
            },
        ),
        (
            _("Recommended upward"),
            {"fields": ("recommended_upward", "recommended_on", "recommended_level")},
        ),
    )

    def has_review_permission(self, request):
        return request.user.has_perm("merit_register.review_deed")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


class BoardDeedInline(admin.TabularInline):
    model = BoardDeed
    extra = 1
    fields = ("position", "deed")
    raw_id_fields = ("deed",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "deed":
            kwargs["queryset"] = Deed.objects.filter(
                status__in=[Deed.Status.APPROVED, Deed.Status.PUBLISHED]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.action(description=_("Mark the selected boards as taken down today"))
def take_down(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        lambda deed, by: services.board_take_down(board=deed, by=by, on=timezone.localdate()),
        gettext("%(count)s taken down."),
    )


@admin.register(Board)
class BoardAdmin(PublicPagesAdminMixin, admin.ModelAdmin):
    page_scopes = ("merit",)
    form = BoardForm
    list_display = ("title", "issue_number", "community", "status", "location", "posted_on")
    list_filter = ("status", "community")
    list_select_related = ("community",)
    search_fields = ("title", "location")
    date_hierarchy = "posted_on"
    inlines = [BoardDeedInline]
    actions = [take_down]
    readonly_fields = ("status", "posted_on", "taken_down_on", "tools")

    @admin.display(description=_("Print and post"))
    def tools(self, board):
        if not board.pk:
            return "—"
        poster = reverse("merit_register:board_poster", args=[board.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?size=a3">{}</a> · <a href="{}">{}</a>',
            poster,
            gettext("A4 poster"),
            poster,
            gettext("A3 poster"),
            reverse("merit_register:staff_board_post", args=[board.pk]),
            gettext("Mark as posted"),
        )
