from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.admin_a11y import LabelledTabularInline
from community.admin_search import IndexedSearchMixin
from community.autocomplete import SafeAutocompleteMixin

from . import notices, services
from .forms import (
    BoardForm,
    DeedPhotoForm,
    RecommendationAnswerForm,
    RecommendForm,
    RejectForm,
)
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
    if changed:
        modeladmin.message_user(request, done_message % {"count": changed}, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


@admin.action(description=_("Approve the selected deeds"), permissions=["review"])
def approve(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.deed_approve, gettext("%(count)s approved."))


@admin.action(description=_("Publish the selected deeds"), permissions=["review"])
def publish(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.deed_publish, gettext("%(count)s published."))


def _with_form(modeladmin, request, queryset, *, form_class, action, intro, submit, run, done):
    """An action that asks for a few details first (a reason, a level, an outcome), then runs a
    review service on each selected deed with them."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _apply(
            modeladmin, request, queryset, lambda deed, by: run(deed, by, form.cleaned_data), done
        )
        return None
    return TemplateResponse(
        request,
        "admin/merit_register/deed/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": intro,
            "intro": intro,
            "submit": submit,
            "action": action,
            "deeds": queryset,
            "form": form,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=_("Reject the selected deeds, with a reason"), permissions=["review"])
def reject(modeladmin, request, queryset):
    return _with_form(
        modeladmin,
        request,
        queryset,
        form_class=RejectForm,
        action="reject",
        intro=gettext("These deeds will be rejected:"),
        submit=gettext("Reject"),
        run=lambda deed, by, data: services.deed_reject(deed=deed, by=by, reason=data["reason"]),
        done=gettext("%(count)s rejected."),
    )


@admin.action(description=_("Recommend the selected deeds upward"), permissions=["review"])
def recommend(modeladmin, request, queryset):
    return _with_form(
        modeladmin,
        request,
        queryset,
        form_class=RecommendForm,
        action="recommend",
        intro=gettext("These deeds will be recommended upward:"),
        submit=gettext("Recommend upward"),
        run=lambda deed, by, data: services.deed_recommend(deed=deed, by=by, **data),
        done=gettext("%(count)s recommended upward."),
    )


@admin.action(description=_("Record the answer to the recommendation"), permissions=["review"])
def recommendation_answered(modeladmin, request, queryset):
    return _with_form(
        modeladmin,
        request,
        queryset,
        form_class=RecommendationAnswerForm,
        action="recommendation_answered",
        intro=gettext("The answer to the recommendation of these deeds:"),
        submit=gettext("Save the answer"),
        run=lambda deed, by, data: services.deed_recommendation_answered(deed=deed, by=by, **data),
        done=gettext("%(count)s answers recorded."),
    )


@admin.action(description=_("Withdraw the selected deeds from public view"), permissions=["review"])
def withdraw(modeladmin, request, queryset):
    """Asks first, as a withdrawn deed's page is gone at once and it leaves every board."""
    return _with_form(
        modeladmin,
        request,
        queryset,
        form_class=forms.Form,
        action="withdraw",
        intro=gettext(
            "These deeds will be withdrawn from public view: their pages go and they leave "
            "the boards they are on."
        ),
        submit=gettext("Yes, withdraw them"),
        run=lambda deed, by, data: services.deed_withdraw(deed=deed, by=by),
        done=gettext("%(count)s withdrawn."),
    )


class DeedDoerInline(SafeAutocompleteMixin, LabelledTabularInline):
    model = DeedDoer
    extra = 1
    min_num = 1
    autocomplete_fields = ("resident", "user")


class DeedPhotoInline(LabelledTabularInline):
    model = DeedPhoto
    form = DeedPhotoForm
    extra = 0
    fields = ("preview", "image", "caption")
    readonly_fields = ("preview",)

    @admin.display(description=_("Preview"))
    def preview(self, photo):
        """The photo itself, so a reviewer sees what a resident sent before it is published."""
        if not photo.pk or not photo.thumbnail:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" width="160"></a>',
            photo.image.url,
            photo.thumbnail.url,
            photo.caption or gettext("Photo of the deed"),
        )


@admin.register(Deed)
class DeedAdmin(IndexedSearchMixin, admin.ModelAdmin):
    """The review queue: filter by status “waiting for review”, then use the actions."""

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
    list_filter = (
        "status",
        "category",
        "community",
        "recommended_upward",
        "recommendation_outcome",
    )
    list_select_related = ("community", "submitted_by", "reviewed_by")
    search_fields = ("title", "story", "doers__name")
    search_own = ("title", "story")
    search_through = (("pk__in", DeedDoer, ("name",), "deed_id"),)
    date_hierarchy = "date"
    inlines = [DeedDoerInline, DeedPhotoInline]
    actions = [approve, reject, publish, withdraw, recommend, recommendation_answered]
    readonly_fields = (
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
        "published_at",
        "recommended_upward",
        "recommended_on",
        "recommended_level",
        "recommendation_outcome",
        "recommendation_honour",
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
            {
                "fields": (
                    "recommended_upward",
                    "recommended_on",
                    "recommended_level",
                    "recommendation_outcome",
                    "recommendation_honour",
                )
            },
        ),
    )

    def has_review_permission(self, request):
        return request.user.has_perm("merit_register.review_deed")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            # A deed entered here waits for review like a reported one: reviewers are told.
            notices.deed_reported(obj)


class BoardDeedInline(LabelledTabularInline):
    """What the board holds, read-only: deeds are chosen on the board's checklist page (选择功德),
    which goes through `services.board_compose`, never by typing ids."""

    model = BoardDeed
    extra = 0
    fields = ("position", "deed")
    readonly_fields = ("position", "deed")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deed")


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
class BoardAdmin(admin.ModelAdmin):
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
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}?size=a3">{}</a> · '
            '<a href="{}">{}</a>',
            reverse("merit_register:staff_board_compose", args=[board.pk]),
            gettext("Choose the deeds"),
            poster,
            gettext("A4 poster"),
            poster,
            gettext("A3 poster"),
            reverse("merit_register:staff_board_post", args=[board.pk]),
            gettext("Mark as posted"),
        )
