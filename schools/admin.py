from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.pagecache import PublicPagesAdminMixin

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
)


class SchoolScopedAdmin(PublicPagesAdminMixin, admin.ModelAdmin):
    """Street staff see every school's rows; a school manager only their own schools'.

    `school_path` names the lookup from the model to its School. Rows outside the scope are
    absent from lists and answer 404 when opened by id.
    """

    school_path = "school"
    page_scopes = ("schools",)

    def managed_schools(self, request):
        return School.objects.managed_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or request.user.has_perm("schools.manage_all_schools"):
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
        elif related is CourseSession:
            kwargs["queryset"] = CourseSession.objects.filter(
                course__in=Course.objects.managed_by(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(School)
class SchoolAdmin(SchoolScopedAdmin):
    school_path = "pk"
    list_display = ("name", "host_institution", "person_in_charge", "phone")
    search_fields = ("name", "host_institution")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("managers",)

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset & self.managed_schools(request)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or request.user.has_perm("schools.manage_all_schools"):
            return ()
        return ("managers", "slug")


@admin.register(Branch)
class BranchAdmin(SchoolScopedAdmin):
    list_display = ("name", "school", "community")
    list_filter = ("community",)
    list_select_related = ("school", "community")
    search_fields = ("name", "school__name")


@admin.register(Venue)
class VenueAdmin(PublicPagesAdminMixin, admin.ModelAdmin):
    page_scopes = ("schools",)
    list_display = ("name", "address", "community")
    list_select_related = ("community",)
    search_fields = ("name", "address")


class CourseAdminForm(forms.ModelForm):
    """The admin builds the fields; this adds the capacity check and tells a second editor
    that someone else saved the course meanwhile, instead of overwriting their change."""

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_seen"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = Course.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if data.get("version_seen") != current.first():
                raise ValidationError(
                    _(
                        "Someone else saved this course after you opened it. Reload the page "
                        "to see their change, then make yours again."
                    ),
                    code="conflict",
                )
        return data

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity < self.instance.seats_taken:
            raise ValidationError(
                _("%(taken)s places are already confirmed; cancel some before lowering it."),
                params={"taken": self.instance.seats_taken},
            )
        return capacity


@admin.register(Course)
class CourseAdmin(SchoolScopedAdmin):
    form = CourseAdminForm
    list_display = (
        "title",
        "school",
        "category",
        "status",
        "term",
        "seats_taken",
        "capacity",
        "venue",
    )
    list_filter = ("status", "category", "term", "school")
    list_select_related = ("school", "venue")
    search_fields = ("title", "teacher", "description")
    autocomplete_fields = ("school", "venue")
    filter_horizontal = ("audiences",)
    readonly_fields = ("seats_taken", "staff_tools")
    date_hierarchy = "created_at"

    @admin.display(description=_("Staff tools"))
    def staff_tools(self, course):
        if not course.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("schools:staff_sessions_generate", args=[course.pk]),
            gettext("Sessions and attendance"),
            reverse("schools:staff_counter", args=[course.pk]),
            gettext("Counter sign-up"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.fill_from_waitlist(offering=obj)
            if promoted:
                self.message_user(
                    request,
                    gettext("%(count)s people moved up from the waiting list.")
                    % {"count": len(promoted)},
                )


@admin.register(CourseSession)
class CourseSessionAdmin(SchoolScopedAdmin):
    school_path = "course__school"
    list_display = ("course", "starts_at", "ends_at", "venue")
    list_select_related = ("course", "venue")
    list_filter = ("course__school",)
    search_fields = ("course__title",)
    autocomplete_fields = ("course", "venue")
    date_hierarchy = "starts_at"


@admin.action(description=_("Cancel the selected sign-ups (the waiting list moves up)"))
def cancel_enrolments(modeladmin, request, queryset):
    cancelled = 0
    for enrolment in queryset.select_related("course", "event"):
        try:
            services.cancel(enrolment=enrolment, by=request.user)
        except ValidationError:
            continue
        cancelled += 1
    modeladmin.message_user(
        request, gettext("%(count)s sign-ups cancelled.") % {"count": cancelled}, messages.SUCCESS
    )


@admin.register(Enrolment)
class EnrolmentAdmin(SchoolScopedAdmin):
    """Sign-ups are made through the counter page, which applies every rule; here staff review
    and cancel them."""

    school_path = "course__school"
    list_display = ("resident", "course", "event", "status", "created_at", "created_by")
    list_filter = ("status", "course__school")
    list_select_related = ("resident", "course", "event", "created_by")
    search_fields = ("resident__name", "resident__mobile", "course__title", "event__title")
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
        if request.user.is_superuser or request.user.has_perm("schools.manage_all_schools"):
            return queryset
        schools = self.managed_schools(request)
        return queryset.filter(course__school__in=schools) | queryset.filter(
            event__school__in=schools
        )

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(SchoolScopedAdmin):
    school_path = "session__course__school"
    list_display = ("enrolment", "session", "present", "recorded_by", "recorded_at")
    list_filter = ("present", "session__course__school")
    list_select_related = ("enrolment__resident", "session__course", "recorded_by")
    search_fields = ("enrolment__resident__name", "session__course__title")
    raw_id_fields = ("session", "enrolment")


class ContestWinnerInline(admin.TabularInline):
    model = ContestWinner
    extra = 0
    autocomplete_fields = ("resident",)


@admin.register(Event)
class EventAdmin(SchoolScopedAdmin):
    list_display = ("title", "kind", "starts_at", "status", "has_signup", "seats_taken", "capacity")
    list_filter = ("kind", "status", "has_signup")
    list_select_related = ("school", "venue")
    search_fields = ("title", "speaker")
    autocomplete_fields = ("school", "venue")
    filter_horizontal = ("audiences",)
    readonly_fields = ("seats_taken",)
    inlines = [ContestWinnerInline]
    date_hierarchy = "starts_at"


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "role", "order")
    list_editable = ("order",)


@admin.register(StudyPlan)
class StudyPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "audience")
    list_filter = ("year",)


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "position", "left_on", "user")
    list_filter = ("department",)
    list_select_related = ("user",)
    search_fields = ("name", "department")
    autocomplete_fields = ("user",)


class ReadingNoteInline(admin.TabularInline):
    model = ReadingNote
    extra = 0
    raw_id_fields = ("cadre",)


@admin.register(CentralGroupStudy)
class CentralGroupStudyAdmin(admin.ModelAdmin):
    list_display = ("date", "topic", "mode")
    filter_horizontal = ("attendees",)
    inlines = [ReadingNoteInline]
    date_hierarchy = "date"


class CompletionInline(admin.TabularInline):
    model = AssignmentCompletion
    extra = 0
    raw_id_fields = ("cadre",)


@admin.register(StudyAssignment)
class StudyAssignmentAdmin(admin.ModelAdmin):
    list_display = ("month", "title")
    inlines = [CompletionInline]


@admin.register(StudyCheck)
class StudyCheckAdmin(admin.ModelAdmin):
    list_display = ("date", "checker")


class ExamResultInline(admin.TabularInline):
    model = ExamResult
    extra = 0
    raw_id_fields = ("cadre",)


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("subject", "date", "place")
    list_filter = ("subject",)
    inlines = [ExamResultInline]


@admin.register(ExamTarget)
class ExamTargetAdmin(admin.ModelAdmin):
    list_display = ("title", "deadline")
