import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import accounts, audit, places, submissions
from .admin_a11y import LabelledTabularInline
from .admin_search import IndexedSearchMixin
from .autocomplete import SafeAutocompleteMixin
from .images import SafeImageField, SafeImageFormMixin
from .masking import mask_name
from .models import (
    AuditEntry,
    Community,
    Exemplar,
    Honour,
    NewsletterIssue,
    Resident,
    Street,
    User,
    Work,
)
from .permission_labels import PermissionLabels
from .qrcodes import qr_drawing

admin.site.site_header = _("Learning community portal administration")
admin.site.site_title = _("Learning community portal")
admin.site.index_title = _("Programme administration")


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("mobile", "name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(PermissionLabels, BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("mobile", "password", "must_change_password", "password_expires_at")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("mobile", "name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("mobile", "name", "is_staff", "is_active", "date_joined")

    def save_related(self, request, form, formsets, change):
        before = sorted(form.instance.groups.values_list("name", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(form.instance.groups.values_list("name", flat=True))
        if before != after:
            audit.record(
                actor=request.user,
                action=AuditEntry.Action.ROLES_CHANGED,
                target=form.instance,
                before=before,
                after=after,
            )

    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("mobile", "name")
    ordering = ("mobile",)
    readonly_fields = ("last_login", "date_joined")


class CommunityInline(LabelledTabularInline):
    model = Community
    extra = 0


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "district")
    search_fields = ("name",)
    inlines = [CommunityInline]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "street", "phone", "address")
    list_filter = ("street",)
    list_select_related = ("street",)
    search_fields = ("name",)


@admin.register(Resident)
class ResidentAdmin(IndexedSearchMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    """Street staff see every resident; other roles only those their work brings them, in the
    list and in every autocomplete (`ResidentQuerySet.seen_by`)."""

    list_display = ("name", "mobile", "community", "birth_year", "user")
    list_filter = ("community",)
    list_select_related = ("community", "user")
    search_fields = ("name", "mobile")
    search_own = ("name", "mobile")
    autocomplete_fields = ("user",)
    date_hierarchy = "created_at"

    change_form_template = "community/admin/resident_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).seen_by(request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/password-reset/",
                self.admin_site.admin_view(self.password_reset_view),
                name="community_resident_password_reset",
            ),
            *super().get_urls(),
        ]

    def password_reset_view(self, request, object_id):
        """Reset the resident's login password at the counter: GET asks, POST resets and shows
        the one-time password on the answer itself, once (a redirect would have to keep it)."""
        resident = self.get_object(request, unquote(object_id))
        if resident is None:
            raise Http404
        if not self.has_change_permission(request, resident):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": resident,
            "title": gettext("Reset the login password of %(name)s") % {"name": resident.name},
        }
        if request.method == "POST":
            if not submissions.claim(request.POST.get("submission", "")[:32]):
                # The page was sent again (a reload): the password shown before still stands.
                self.message_user(
                    request,
                    gettext(
                        "This reset was already done; the one-time password shown then is the "
                        "one that works. To make another, start again."
                    ),
                    messages.WARNING,
                )
                return redirect("admin:community_resident_change", resident.pk)
            try:
                given = accounts.counter_password_reset(resident=resident, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect("admin:community_resident_change", resident.pk)
            return TemplateResponse(
                request,
                "community/admin/resident_password_reset_done.html",
                {**context, **self.password_slip(request, resident, given)},
            )
        login = resident.user
        context["refusal"] = accounts.counter_reset_refusal(resident, login)
        context["login"] = login
        context["submission"] = uuid.uuid4().hex
        return TemplateResponse(request, "community/admin/resident_password_reset.html", context)

    @staticmethod
    def password_slip(request, resident, given: accounts.CounterPassword) -> dict:
        """What the slip handed to the resident says: their name masked (it may be left
        lying about), the number and one-time password to log in with, where, and until when."""
        login_url = request.build_absolute_uri(reverse("login"))
        street = Street.objects.current()
        return {
            "password": given.password,
            "last_day": given.last_day,
            "masked_name": mask_name(resident.name),
            "mobile": resident.user.mobile,
            "login_url": login_url,
            "login_qr": qr_drawing(login_url),
            "street_name": street.name if street else "",
            "issued_at": timezone.now(),
        }


class WorkForm(SafeImageFormMixin, forms.ModelForm):
    image = SafeImageField(label=_("Image"))

    class Meta:
        model = Work
        fields = ["title", "kind", "year", "exhibited_at", "image"]


class WorkInline(LabelledTabularInline):
    model = Work
    form = WorkForm
    extra = 0


@admin.register(Exemplar)
class ExemplarAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "published")
    list_filter = ("kind", "published")
    search_fields = ("name",)
    inlines = [WorkInline]


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ("title", "holder_name", "holder_kind", "level", "year", "awarded_by")
    list_filter = ("level", "holder_kind", "year")
    search_fields = ("title", "holder_name")


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ("newsletter", "number", "date")
    date_hierarchy = "date"


class PlacesAdminForm(forms.ModelForm):
    """Checks a new number of places against the confirmed places on the locked row. The
    admin saves in the same transaction, so no sign-up can slip in between check and save."""

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            places.check_capacity(places.lock(self.instance), capacity)
        return capacity


class PlacesAdminMixin:
    """For the admin of a places holder (course, event, Saturday): the places are changed by
    the app's resize service, which moves the waiting list up into new places; the confirmed
    places are never written from the form."""

    form = PlacesAdminForm

    def resize(self, *, holder, capacity, by) -> list:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = self.resize(holder=obj, capacity=obj.capacity, by=request.user)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s person moved up from the waiting list.",
                        "%(count)s people moved up from the waiting list.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )


def answered(request) -> dict | None:
    """The answer to an action's question (its form's data), or None while it is being asked."""
    return request.POST if request.POST.get("confirm") == "1" else None


def confirm_action(
    modeladmin, request, queryset, *, action, question, items, submit, warning="", form=None
):
    """An admin action that cannot be undone asks first, like the admin's delete confirmation:
    the page with the question, or None once it was answered (posted with confirm=1) and the
    action may run. `items` are the lines that say what happens to each selected row. A `form`
    (bound to `answered(request)`) asks for what the action needs, such as a reason; the action
    runs only once it is valid, and reads its cleaned data."""
    if request.POST.get("confirm") == "1" and (form is None or form.is_valid()):
        return None
    return TemplateResponse(
        request,
        "admin/action_confirmation.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": question,
            "question": question,
            "warning": warning,
            "items": items,
            "selected": [obj.pk for obj in queryset],
            "submit": submit,
            "form": form,
            "action": action,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the portal writes itself: readable, never added, edited or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Readable by street admins."""

    list_display = ("at", "actor", "action", "target_label")
    list_filter = ("action",)
    list_select_related = ("actor",)
    search_fields = ("target_label",)
    date_hierarchy = "at"
