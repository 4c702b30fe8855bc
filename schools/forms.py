import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.forms import (
    STORY_MAX_LENGTH,
    DateListField,
    FreeTextField,
    IdListField,
    LenientFilterForm,
    MobileNumberField,
    PersonNameField,
    TermDatesMixin,
)
from community.models import Community, Resident

from .models import Audience, CentralGroupStudy, Course, School, StudyAssignment


class CourseFilterForm(LenientFilterForm):
    """The course list's filters."""

    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + Course.Category.choices
    )
    audience = forms.ChoiceField(
        label=pgettext_lazy("course audience", "For"),
        required=False,
        choices=[("", _("Any audience"))] + Audience.Code.choices,
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        required=False,
        queryset=School.objects.all(),
        to_field_name="slug",
        empty_label=_("All schools"),
    )
    community = forms.ModelChoiceField(
        label=_("Residents' committee"),
        required=False,
        queryset=Community.objects.all(),
        empty_label=_("Anywhere"),
    )
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any day"))] + Course.Weekday.choices,
    )
    free = forms.BooleanField(label=_("Has free places"), required=False)

    @staticmethod
    def apply(courses, filters: dict):
        if q := filters.get("q"):
            courses = courses.filter(
                Q(title__icontains=q) | Q(teacher__icontains=q) | Q(description__icontains=q)
            )
        if category := filters.get("category"):
            courses = courses.filter(category=category)
        if audience := filters.get("audience"):
            courses = courses.filter(audiences__code=audience)
        if school := filters.get("school"):
            courses = courses.filter(school=school)
        if community := filters.get("community"):
            courses = courses.filter(branch__community=community)
        if weekday := filters.get("weekday"):
            courses = courses.meeting_on(weekday)
        if filters.get("free"):
            courses = courses.with_free_places()
        return courses


class SessionGenerateForm(TermDatesMixin, forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=Course.Weekday.choices)
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    first_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_date = forms.DateField(
        label=_("Last date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    skip_dates = DateListField(
        label=_("Dates to skip"),
        required=False,
        help_text=_("One date per line, such as 2026-10-01."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create the sessions"), css_class="btn-lg"))

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("A session must end after it starts."))
        return data


class ReadingNoteForm(forms.Form):
    """A cadre hands in the reading note of a central-group study not yet written up."""

    study = forms.ModelChoiceField(label=_("Study"), queryset=CentralGroupStudy.objects.none())
    # A reading note is an essay on the study, so it gets a story's room, not a short note's.
    text = FreeTextField(
        label=_("Reading note"),
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, cadre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["study"].queryset = CentralGroupStudy.objects.exclude(notes__cadre=cadre)


class AssignmentDoneForm(forms.Form):
    """The study assignment a cadre marks as done."""

    assignment = forms.ModelChoiceField(
        queryset=StudyAssignment.objects.all(),
        error_messages={
            "required": _("Choose a study assignment."),
            "invalid_choice": _("Choose a study assignment."),
        },
    )


class StudyMonthForm(forms.Form):
    """The month whose reading notes and study assignments staff look at."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y年%m月", "%Y/%m", "%Y.%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={
            "required": _("Enter a month, such as 2026-11."),
            "invalid": _("Enter a month, such as 2026-11."),
        },
    )

    FIRST = datetime.date(2000, 1, 1)

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month < self.FIRST:
            raise forms.ValidationError(
                _("Enter a month from %(first)s on.") % {"first": f"{self.FIRST:%Y-%m}"},
                code="too_early",
            )
        return month


class ResidentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or mobile number"),
        max_length=50,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class CounterResidentForm(forms.ModelForm):
    """Staff record a resident at the counter (代报名), who may never use the web."""

    mobile = MobileNumberField(required=False)

    class Meta:
        model = Resident
        fields = ["name", "mobile", "community", "birth_year"]
        field_classes = {"name": PersonNameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CounterChoiceForm(forms.Form):
    """The resident staff picked from the counter's search results."""

    resident = forms.ModelChoiceField(queryset=Resident.objects.all())


class AttendanceForm(forms.Form):
    """The ticked enrolments of an attendance sheet."""

    present = IdListField(required=False)
