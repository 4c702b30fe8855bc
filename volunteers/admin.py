from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community import roles
from community.admin import PlacesAdminMixin, ReadOnlyAdmin, answered, confirm_action
from community.admin_a11y import CheckboxChoicesMixin, LabelledTabularInline
from community.admin_search import IndexedSearchMixin
from community.models import User
from community.terms import TermAdminMixin, TermListFilter

from . import services
from .forms import (
    EraseReasonForm,
    HomeVisitAdminForm,
    OutingChildAdminForm,
    VolunteerVerifyForm,
)
from .models import (
    BookDonation,
    BookGift,
    Certificate,
    Child,
    ChildAccessLog,
    GradeRecord,
    HomeVisit,
    Outing,
    OutingChild,
    Pairing,
    Shift,
    Station,
    TutoringNote,
    TutoringSession,
    Volunteer,
    coordinates_all_stations,
)


def sees_private(request) -> bool:
    return request.user.has_perm("volunteers.view_child_private")


class StationScope:
    """A coordinator works with the children and Saturdays of their own station(s) only, in
    lists and in every choice a form offers; street staff with all."""

    def stations(self, request):
        return Station.objects.coordinated_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        stations = self.stations(request)
        related = db_field.related_model
        if related is Station:
            kwargs["queryset"] = stations
        elif related is Child:
            kwargs["queryset"] = Child.objects.filter(station__in=stations)
        elif related is TutoringSession:
            kwargs["queryset"] = TutoringSession.objects.filter(station__in=stations)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StationScopedAdmin(StationScope, admin.ModelAdmin):
    """`station_path` names the lookup from the model to its Station; rows of other stations
    are absent from lists and answer "does not exist" when opened by id."""

    station_path = "station"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if coordinates_all_stations(request.user):
            return queryset
        return queryset.filter(**{f"{self.station_path}__in": self.stations(request)})


@admin.register(Station)
class StationAdmin(StationScopedAdmin):
    station_path = "pk"
    list_display = ("name", "community", "address")
    list_select_related = ("community",)
    filter_horizontal = ("coordinators",)
    search_fields = ("name",)

    def get_readonly_fields(self, request, obj=None):
        # Who coordinates a station is street staff's decision.
        return () if coordinates_all_stations(request.user) else ("coordinators",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinators":
            # Only the logins of the coordinator role: no list of every login's mobile number.
            kwargs["queryset"] = User.objects.filter(
                groups__name=roles.STATION_COORDINATOR
            ).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GradeInline(TermAdminMixin, StationScope, LabelledTabularInline):
    model = GradeRecord
    extra = 0
    fields = ("term", "subject", "score", "full_marks")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("child", "subject")


@admin.action(
    description=_("Print the guardian's copy of the selected children's data"),
    permissions=["export"],
)
def export_children(modeladmin, request, queryset):
    """All the portal holds on each child, as a page to print and hand to the guardian; never
    stored or cached anywhere on the way."""
    copies = [services.child_export(child=child, by=request.user) for child in queryset]
    response = render(
        request,
        "volunteers/guardian_copy.html",
        {"copies": copies, "printed_at": timezone.localtime(), "printed_by": request.user},
    )
    response["Cache-Control"] = "no-store, private"
    return response


@admin.action(
    description=_("Erase the selected children's data (anonymise, keep the counts)"),
    permissions=["export"],
)
def erase_children(modeladmin, request, queryset):
    form = EraseReasonForm(answered(request))
    question = confirm_action(
        modeladmin,
        request,
        queryset,
        form=form,
        action="erase_children",
        question=gettext("Erase these children's data?"),
        warning=gettext(
            "This cannot be undone: names, birth dates, guardians, addresses, family "
            "circumstances and tutoring notes are erased for good; only the counts stay. If "
            "the guardian asked for the data, export it first."
        ),
        items=[child.name for child in queryset],
        submit=gettext("Yes, erase their data"),
    )
    if question is not None:
        return question
    for child in queryset:
        services.child_erase(child=child, by=request.user, reason=form.cleaned_data["reason"])
    modeladmin.message_user(
        request, gettext("%(count)s children anonymised.") % {"count": queryset.count()}
    )


@admin.register(Child)
class ChildAdmin(IndexedSearchMixin, StationScopedAdmin):
    """Family circumstances, guardian mobile and address only for coordinators and street
    admins; every opening of a child's record is logged."""

    list_display = ("name", "gender", "grade", "station", "status", "consent_state")
    list_filter = ("status", "station", "needs_home_tutoring")
    list_select_related = ("station",)
    search_fields = ("name",)
    search_own = ("name",)
    filter_horizontal = ("subjects",)
    inlines = [GradeInline]
    actions = [export_children, erase_children]
    readonly_fields = ("anonymised_on", "progress")

    @admin.display(description=_("guardian consent"), boolean=True)
    def consent_state(self, child):
        return child.has_live_consent

    @admin.display(description=_("Progress"))
    def progress(self, child):
        if not child.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("volunteers:staff_child_progress", args=[child.pk]),
            gettext("Scores across terms (chart)"),
        )

    def has_export_permission(self, request):
        return request.user.has_perm("volunteers.export_child")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if sees_private(request):
            return fields
        return [f for f in fields if f not in Child.PRIVATE_FIELDS]

    def get_exclude(self, request, obj=None):
        return () if sees_private(request) else Child.PRIVATE_FIELDS

    def change_view(self, request, object_id, form_url="", extra_context=None):
        child = self.get_object(request, object_id)
        if child is not None and request.method == "GET":
            services.child_opened(child=child, by=request.user)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ChildAccessLog)
class ChildAccessLogAdmin(StationScopedAdmin, ReadOnlyAdmin):
    """Readable by coordinators and street admins."""

    station_path = "child__station"

    list_display = ("at", "user", "action", "child")
    list_filter = ("action",)
    list_select_related = ("user", "child")
    date_hierarchy = "at"


@admin.action(description=_("Verify the selected volunteers (after the record check)"))
def verify_volunteers(modeladmin, request, queryset):
    """Verification needs the record check: its date, a clear result and who made it, entered
    on the action's page; without them nothing is verified."""
    waiting = queryset.exclude(status=Volunteer.Status.VERIFIED)
    form = VolunteerVerifyForm(answered(request))
    question = confirm_action(
        modeladmin,
        request,
        waiting,
        form=form,
        action="verify_volunteers",
        question=gettext("Verify these volunteers?"),
        warning=gettext(
            "A volunteer works with children only after a record check (未成年人保护法): enter "
            "the check's date, its result and who made it. Only a clear check verifies."
        ),
        items=[f"{v.name} · {v.university} · {v.student_number}" for v in waiting],
        submit=gettext("Verify"),
    )
    if question is not None:
        return question
    done = 0
    for volunteer in waiting:
        try:
            services.volunteer_verify(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            modeladmin.message_user(
                request, f"{volunteer.name}: {' '.join(refusal.messages)}", messages.ERROR
            )
        else:
            done += 1
    modeladmin.message_user(request, gettext("%(count)s verified.") % {"count": done})


@admin.action(description=_("Suspend the selected volunteers"))
def suspend_volunteers(modeladmin, request, queryset):
    for volunteer in queryset:
        services.volunteer_suspend(volunteer=volunteer, by=request.user)
    modeladmin.message_user(request, gettext("%(count)s suspended.") % {"count": queryset.count()})


@admin.register(Volunteer)
class VolunteerAdmin(CheckboxChoicesMixin, admin.ModelAdmin):
    list_display = ("name", "university", "major", "status", "pledge_signed_on", "verified_at")
    list_filter = ("status", "university")
    list_select_related = ("user",)
    search_fields = ("name", "student_number", "mobile")
    checkbox_fields = ("subjects",)
    readonly_fields = (
        "status",
        "verified_by",
        "verified_at",
        "record_checked_on",
        "record_check_result",
        "record_checked_by",
        "applied_at",
        "user",
        "stars",
    )
    actions = [verify_volunteers, suspend_volunteers]

    @admin.display(description=_("Stars"))
    def stars(self, volunteer):
        figures = services.hours_of(volunteer)
        return gettext("%(hours)s hours · %(label)s") % {
            "hours": figures["hours"],
            "label": figures["stars_label"] or gettext("no star yet"),
        }


class ShiftInline(StationScope, LabelledTabularInline):
    model = Shift
    extra = 0
    fields = ("volunteer", "status", "hours")
    readonly_fields = ("volunteer", "status", "hours")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer", "session__station")


@admin.register(TutoringSession)
class TutoringSessionAdmin(PlacesAdminMixin, StationScopedAdmin):
    list_display = ("date", "station", "starts_at", "ends_at", "capacity", "seats_taken", "status")
    list_filter = ("status", "station")
    list_select_related = ("station",)
    date_hierarchy = "date"
    readonly_fields = ("seats_taken", "tools")
    inlines = [ShiftInline]

    def resize(self, *, holder, capacity, by):
        return services.session_resize(session=holder, capacity=capacity, by=by)

    @admin.display(description=_("Coordinator's pages"))
    def tools(self, session):
        if not session.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("volunteers:staff_session", args=[session.pk]),
            gettext("Who comes and attendance"),
            reverse("volunteers:staff_checkin", args=[session.pk]),
            gettext("Check-in code"),
            reverse("volunteers:staff_pairing", args=[session.pk]),
            gettext("Pairing"),
        )


@admin.action(description=_("Cancel the selected sign-ups (the waiting list moves up)"))
def cancel_shifts(modeladmin, request, queryset):
    done = 0
    for shift in queryset:
        try:
            services.shift_cancel(shift=shift, by=request.user, as_coordinator=True)
        except (ValidationError, PermissionDenied):
            continue
        done += 1
    modeladmin.message_user(
        request, gettext("%(count)s sign-ups cancelled.") % {"count": done}, messages.SUCCESS
    )


@admin.register(Shift)
class ShiftAdmin(StationScopedAdmin):
    station_path = "session__station"
    list_display = ("volunteer", "session", "status", "hours", "created_at")
    list_filter = ("status", "session__station")
    list_select_related = ("volunteer", "session__station")
    search_fields = ("volunteer__name",)
    readonly_fields = (
        "session",
        "volunteer",
        "status",
        "hours",
        "checked_in_at",
        "checked_out_at",
        "hours_corrected_reason",
        "created_at",
    )
    actions = [cancel_shifts]

    def has_add_permission(self, request):
        return False


@admin.register(Pairing)
class PairingAdmin(StationScopedAdmin):
    station_path = "session__station"
    list_display = ("session", "volunteer", "child", "subject")
    list_select_related = ("session__station", "volunteer", "child", "subject")
    list_filter = ("session__station",)
    search_fields = ("volunteer__name", "child__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TutoringNote)
class TutoringNoteAdmin(StationScopedAdmin, ReadOnlyAdmin):
    """Notes are the paired volunteer's, written on their page once the session has begun."""

    station_path = "pairing__session__station"
    list_display = ("pairing", "author", "written_at")
    list_select_related = (
        "pairing__session__station",
        "pairing__child",
        "pairing__volunteer",
        "author",
    )


@admin.register(HomeVisit)
class HomeVisitAdmin(StationScopedAdmin):
    station_path = "child__station"
    form = HomeVisitAdminForm
    list_display = ("child", "date")
    list_select_related = ("child",)
    filter_horizontal = ("volunteers",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        services.home_visit_save(
            visit=obj, volunteers=list(form.cleaned_data["volunteers"]), by=request.user
        )

    def save_related(self, request, form, formsets, change):
        # The volunteers were set by the service; only inlines (none today) remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(GradeRecord)
class GradeRecordAdmin(TermAdminMixin, StationScopedAdmin):
    station_path = "child__station"
    list_display = ("child", "term_name", "subject", "score", "full_marks")
    list_filter = (TermListFilter, "subject")
    list_select_related = ("child", "subject")
    search_fields = ("child__name",)


class OutingChildInline(StationScope, LabelledTabularInline):
    model = OutingChild
    form = OutingChildAdminForm
    extra = 0
    raw_id_fields = ("child",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("child", "outing")


@admin.register(Outing)
class OutingAdmin(StationScopedAdmin):
    list_display = ("title", "date", "place", "station")
    list_select_related = ("station",)
    inlines = [OutingChildInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not OutingChild:
            return super().save_formset(request, form, formset, change)
        for entry in formset.save(commit=False):
            services.outing_child_save(entry=entry, by=request.user)
        for entry in formset.deleted_objects:
            entry.delete()
        return None


class BookGiftInline(StationScope, LabelledTabularInline):
    model = BookGift
    extra = 0
    raw_id_fields = ("child",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("donation", "child")


@admin.register(BookDonation)
class BookDonationAdmin(admin.ModelAdmin):
    list_display = ("title", "donor", "quantity", "date")
    inlines = [BookGiftInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "volunteer", "hours", "sessions", "issued_at")
    list_select_related = ("volunteer",)
    search_fields = ("code", "volunteer__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
