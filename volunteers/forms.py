from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.forms import DateListField, MobileNumberField

from .models import HomeVisit, OutingChild, Subject, Volunteer


class VolunteerApplicationForm(forms.ModelForm):
    mobile = MobileNumberField()
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects you can tutor"),
        queryset=Subject.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    pledge_accepted = forms.BooleanField(
        label=_(
            "I accept the safeguarding pledge: I meet children only at the station or with a "
            "second volunteer, keep what I learn about them to myself, and never contact them "
            "outside the 爱心班."
        ),
        error_messages={"required": _("Please read and accept the safeguarding pledge.")},
    )

    class Meta:
        model = Volunteer
        fields = ["name", "university", "major", "student_number", "mobile", "subjects"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Apply"), css_class="btn-lg"))


class TutoringNoteForm(forms.Form):
    done = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    homework = forms.CharField(
        label=_("Homework"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_focus = forms.CharField(
        label=_("Next time, focus on"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SaturdaysForm(forms.Form):
    first_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_date = forms.DateField(
        label=_("Last date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_at = forms.TimeField(
        label=_("Starts at"), initial="09:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Ends at"), initial="11:30", widget=forms.TimeInput(attrs={"type": "time"})
    )
    places = forms.IntegerField(label=_("Volunteer places"), min_value=1, max_value=100, initial=10)
    skip_dates = DateListField(
        label=_("Holidays to skip"),
        required=False,
        help_text=_("One date per line, such as 2026-10-03."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create the Saturdays"), css_class="btn-lg"))


class HomeVisitAdminForm(forms.ModelForm):
    class Meta:
        model = HomeVisit
        fields = ["child", "date", "volunteers", "notes"]

    def clean_volunteers(self):
        volunteers = self.cleaned_data["volunteers"]
        if len(volunteers) < 2:
            raise ValidationError(_("A home visit needs at least two volunteers."))
        return volunteers


class OutingChildAdminForm(forms.ModelForm):
    class Meta:
        model = OutingChild
        fields = ["child", "permission_given_on"]

    def clean_child(self):
        child = self.cleaned_data["child"]
        if not child.has_live_consent:
            raise ValidationError(
                _("A child without a live guardian consent cannot go on an outing.")
            )
        return child
