from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.admin import PlacesAdminForm, PlacesAdminMixin, confirm_action
from community.admin_a11y import CheckboxChoicesMixin, LabelledTabularInline
from community.admin_search import IndexedSearchMixin
from community.autocomplete import SafeAutocompleteMixin
from community.models import Resident
from community.terms import TermAdminMixin, TermListFilter

from . import services
from .models import (
    AssignmentCompletion,
    Attendance,
    Branch,
    Cadre,
    CentralGroupStudy,
    ContestWinner,
    Course,
    CourseSession,
    Enrolment,
    Event,
    Exam,
    ExamResult,
    ExamTarget,
    LeadershipMember,
    ReadingNote,
    School,
    StudyAssignment,
    StudyCheck,
    StudyPlan,
    Venue,
    manages_all_schools,
)


class OwnSchools(admin.RelatedFieldListFilter):
    """A school filter that names only the schools the user may see: a manager's own. Asked of
    the schools, not of the list's rows (a DISTINCT over every attendance record took seconds)."""

    def field_choices(self, field, request, model_admin):
        return [
            (school.pk, str(school))
            for school in School.objects.managed_by(request.user).order_by("position", "name")
        ]


class SchoolScopedAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Street staff see every school's rows; a school manager only their own schools'.

    `school_path` names the lookup from the model to its School. Rows outside the scope are
    absent from lists, and opened by id the admin says they do not exist and goes back to its
    index; every choice a form offers is limited the same way.
    """

    school_path = "school"

    def managed_schools(self, request):
        return School.objects.managed_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if manages_all_schools(request.user):
            return queryset
        return queryset.filter(**{f"{self.school_path}__in": self.managed_schools(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is School:
            kwargs["queryset"] = self.managed_schools(request)
        elif related is Course:
            kwargs["queryset"] = Course.objects.managed_by(request.user)
        elif related is Event:
            kwargs["queryset"] = Event.objects.managed_by(request.user)
        elif related is Branch:
            kwargs["queryset"] = Branch.objects.filter(school__in=self.managed_schools(request))
        elif related is CourseSession:
            kwargs["queryset"] = CourseSession.objects.filter(
                course__in=Course.objects.managed_by(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(School)
class SchoolAdmin(CheckboxChoicesMixin, SchoolScopedAdmin):
    school_path = "pk"
    list_display = ("name", "position", "host_institution", "person_in_charge", "phone")
    search_fields = ("name", "host_institution")
    prepopulated_fields = {"slug": ("name",)}
    checkbox_fields = ("managers",)

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset & self.managed_schools(request)

    def get_readonly_fields(self, request, obj=None):
        if manages_all_schools(request.user):
            return ()
        return ("managers", "slug")

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug cannot be filled from the name (the form has no slug field).
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)


@admin.register(Branch)
class BranchAdmin(SchoolScopedAdmin):
    list_display = ("name", "school", "community")
    list_filter = ("community",)
    list_select_related = ("school", "community")
    search_fields = ("name", "school__name")


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "address", "community")
    list_select_related = ("community",)
    search_fields = ("name", "address")


class OfferingAdminForm(PlacesAdminForm):
    """Adds to the places check: a second editor is told that someone else saved meanwhile,
    instead of overwriting their change."""

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False, label="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_seen"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = type(self.instance).objects.filter(pk=self.instance.pk)
            if data.get("version_seen") != current.values_list("version", flat=True).first():
                raise ValidationError(
                    _(
                        "Someone else saved this after you opened it. Reload the page "
                        "to see their change, then make yours again."
                    ),
                    code="conflict",
                )
        return data


class OfferingAdmin(PlacesAdminMixin, SchoolScopedAdmin):
    form = OfferingAdminForm

    def resize(self, *, holder, capacity, by):
        return services.offering_resize(offering=holder, capacity=capacity, by=by)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Course)
class CourseAdmin(CheckboxChoicesMixin, TermAdminMixin, OfferingAdmin):
    list_display = (
        "title",
        "school",
        "category",
        "status",
        "term_name",
        "seats_taken",
        "capacity",
        "venue",
    )
    list_filter = ("status", "category", TermListFilter, ("school", OwnSchools))
    list_select_related = ("school", "venue")
    search_fields = ("title", "teacher", "description")
    autocomplete_fields = ("school", "venue")
    checkbox_fields = ("audiences",)
    readonly_fields = ("seats_taken", "staff_tools")
    date_hierarchy = "created_at"

    @admin.display(description=_("Staff tools"))
    def staff_tools(self, course):
        if not course.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("schools:staff_sessions_generate", args=[course.pk]),
            gettext("Sessions and attendance"),
            reverse("schools:staff_counter", args=[course.pk]),
            gettext("Counter sign-up"),
            reverse("schools:staff_broadcast", args=[course.pk]),
            gettext("Send a message"),
        )


@admin.register(CourseSession)
class CourseSessionAdmin(SchoolScopedAdmin):
    school_path = "course__school"
    list_display = ("course", "starts_at", "ends_at", "venue")
    list_select_related = ("course", "venue")
    list_filter = (("course__school", OwnSchools),)
    search_fields = ("course__title",)
    autocomplete_fields = ("course", "venue")
    date_hierarchy = "starts_at"


def _on_cancel(enrolment, moving_up) -> str:
    """What cancelling a sign-up does, as the confirmation page says it."""
    line = str(enrolment)
    if moving_up is not None:
        return gettext("%(enrolment)s: the place goes to %(name)s, first on the waiting list.") % {
            "enrolment": line,
            "name": moving_up.resident.name,
        }
    return line


@admin.action(description=_("Cancel the selected sign-ups (the waiting list moves up)"))
def cancel_enrolments(modeladmin, request, queryset):
    queryset = queryset.live().select_related("resident", "course", "event")
    moving_up = queryset.moving_up_if_cancelled()
    question = queryset.exists() and confirm_action(
        modeladmin,
        request,
        queryset,
        action="cancel_enrolments",
        question=gettext("Cancel these sign-ups?"),
        warning=gettext(
            "A confirmed place goes at once to the first on the waiting list, who is told; "
            "it cannot be given back."
        ),
        items=[_on_cancel(enrolment, moving_up.get(enrolment.pk)) for enrolment in queryset],
        submit=gettext("Yes, cancel them"),
    )
    if question:
        return question
    cancelled = 0
    # Those waiting go first: none of them is moved up into a place only to lose it at once.
    waiting_first = sorted(queryset, key=lambda e: e.status != Enrolment.Status.WAITLISTED)
    for enrolment in waiting_first:
        try:
            services.enrolment_cancel(enrolment=enrolment, by=request.user)
        except ValidationError:
            continue
        cancelled += 1
    modeladmin.message_user(
        request, gettext("%(count)s sign-ups cancelled.") % {"count": cancelled}, messages.SUCCESS
    )


@admin.register(Enrolment)
class EnrolmentAdmin(IndexedSearchMixin, SchoolScopedAdmin):
    """Sign-ups are made through the counter page, which applies every rule; here staff review
    and cancel them."""

    school_path = "course__school"
    list_display = ("resident", "course", "event", "status", "created_at", "created_by")
    list_filter = ("status", ("course__school", OwnSchools))
    list_select_related = ("resident", "course", "event", "created_by")
    search_fields = ("resident__name", "resident__mobile", "course__title", "event__title")
    search_through = (
        ("resident__in", Resident, ("name", "mobile"), "pk"),
        ("course__in", Course, ("title",), "pk"),
        ("event__in", Event, ("title",), "pk"),
    )
    readonly_fields = (
        "course",
        "event",
        "resident",
        "status",
        "created_by",
        "created_at",
        "promoted_at",
        "cancelled_at",
    )
    actions = [cancel_enrolments]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if manages_all_schools(request.user):
            return queryset
        schools = self.managed_schools(request)
        return queryset.filter(course__school__in=schools) | queryset.filter(
            event__school__in=schools
        )

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(SchoolScopedAdmin):
    """Attendance is taken on the staff attendance page (one tick per person, once the session
    has begun); here it is only read."""

    school_path = "session__course__school"
    list_display = ("enrolment", "session", "present", "recorded_by", "recorded_at")
    list_filter = ("present", ("session__course__school", OwnSchools))
    list_select_related = (
        "enrolment__resident",
        "enrolment__course",
        "enrolment__event",
        "session__course",
        "recorded_by",
    )
    search_fields = ("enrolment__resident__name", "session__course__title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContestWinnerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        starts_at = self.instance.starts_at
        has_winners = any(
            form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms
        )
        if has_winners and starts_at and starts_at > timezone.now():
            raise ValidationError(
                _("Winners are recorded after the contest has taken place."), code="not_yet"
            )


class ContestWinnerInline(SafeAutocompleteMixin, LabelledTabularInline):
    model = ContestWinner
    formset = ContestWinnerFormSet
    extra = 0
    autocomplete_fields = ("resident",)


@admin.register(Event)
class EventAdmin(CheckboxChoicesMixin, OfferingAdmin):
    list_display = ("title", "kind", "starts_at", "status", "has_signup", "seats_taken", "capacity")
    list_filter = ("kind", "status", "has_signup")
    list_select_related = ("school", "venue")
    search_fields = ("title", "speaker")
    autocomplete_fields = ("school", "venue")
    checkbox_fields = ("audiences",)
    readonly_fields = ("seats_taken", "staff_tools")
    inlines = [ContestWinnerInline]
    date_hierarchy = "starts_at"

    @admin.display(description=_("Staff tools"))
    def staff_tools(self, event):
        if not event.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("schools:staff_event_broadcast", args=[event.pk]),
            gettext("Send a message"),
        )


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "role", "order")
    list_editable = ("order",)


@admin.register(StudyPlan)
class StudyPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "audience")
    list_filter = ("year",)


@admin.register(Cadre)
class CadreAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ("name", "department", "position", "left_on", "user")
    list_filter = ("department",)
    list_select_related = ("user",)
    search_fields = ("name", "department")
    autocomplete_fields = ("user",)


class ReadingNoteInline(LabelledTabularInline):
    model = ReadingNote
    extra = 0
    raw_id_fields = ("cadre",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cadre", "study")


@admin.register(CentralGroupStudy)
class CentralGroupStudyAdmin(admin.ModelAdmin):
    list_display = ("date", "topic", "mode")
    filter_horizontal = ("attendees",)
    inlines = [ReadingNoteInline]
    date_hierarchy = "date"


class CompletionInline(LabelledTabularInline):
    model = AssignmentCompletion
    extra = 0
    raw_id_fields = ("cadre",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cadre", "assignment")


@admin.register(StudyAssignment)
class StudyAssignmentAdmin(admin.ModelAdmin):
    list_display = ("month", "title")
    inlines = [CompletionInline]


@admin.register(StudyCheck)
class StudyCheckAdmin(admin.ModelAdmin):
    list_display = ("date", "checker")


class ExamResultInline(LabelledTabularInline):
    model = ExamResult
    extra = 0
    raw_id_fields = ("cadre",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cadre", "exam")


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("subject", "date", "place")
    list_filter = ("subject",)
    inlines = [ExamResultInline]


@admin.register(ExamTarget)
class ExamTargetAdmin(admin.ModelAdmin):
    list_display = ("title", "deadline")
