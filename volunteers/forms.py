from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import (
    DateListField,
    FreeTextField,
    IdListField,
    MobileNumberField,
    PersonNameField,
    TermDatesMixin,
)

from . import services
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
        field_classes = {"name": PersonNameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Apply"), css_class="btn-lg"))


class TutoringNoteForm(forms.Form):
    done = FreeTextField(
        label=_("What was done"), error_messages={"required": _("Please say what was done.")}
    )
    homework = FreeTextField(
        label=_("Homework"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_focus = FreeTextField(
        label=_("Next time, focus on"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    @classmethod
    def for_pairing(cls, pairing, data=None):
        """My Saturdays shows one form per pairing: a prefix each keeps their ids apart, so each
        label belongs to its own field. The page draws their few fields itself: a crispy layout
        per pairing cost more than the rest of the page."""
        return cls(data, prefix=f"pairing-{pairing.pk}")

    def error_text(self) -> str:
        """The form's errors in one line, for the message shown above the list of Saturdays."""
        return " ".join(
            _("%(field)s: %(error)s") % {"field": self.fields[name].label, "error": error}
            for name, errors in self.errors.items()
            for error in errors
        )


class SaturdaysForm(TermDatesMixin, forms.Form):
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
    capacity = forms.IntegerField(
        label=_("Volunteer places"), min_value=1, max_value=100, initial=10
    )
    skip_dates = DateListField(
        label=_("Holidays to skip"),
        required=False,
        help_text=_("One date per line, such as 2026-10-03."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create the Saturdays"), css_class="btn-lg"))


class AttendedForm(forms.Form):
    """The ticked volunteers of a Saturday's attendance."""

    attended = IdListField(required=False)


class ChildrenPresentForm(forms.Form):
    """The ticked children who came to a Saturday."""

    present = IdListField(required=False)


class HoursCorrectionForm(forms.Form):
    """A coordinator's correction of one volunteer's hours, with the reason."""

    shift = forms.IntegerField(widget=forms.HiddenInput)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=0,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    reason = FreeTextField(
        label=_("Reason"),
        max_length=200,
        widget=forms.TextInput,
        error_messages={"required": _("Say why the hours are corrected.")},
    )

    def error_text(self) -> str:
        return " ".join(
            _("%(field)s: %(error)s") % {"field": self.fields[name].label or name, "error": error}
            for name, errors in self.errors.items()
            for error in errors
        )


class TermSignupForm(forms.Form):
    """Every Saturday of a term at a station, in one step."""

    station = forms.IntegerField(widget=forms.HiddenInput)
    term = forms.RegexField(regex=r"^[0-9]{4}-(spring|autumn)\Z", widget=forms.HiddenInput)


class VolunteerVerifyForm(forms.Form):
    """The record check a coordinator made, entered to verify volunteers."""

    record_checked_on = forms.DateField(
        label=_("Record check done on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    record_check_result = forms.ChoiceField(
        label=_("Result"), choices=Volunteer.RecordCheck.choices, widget=forms.RadioSelect
    )
    record_checked_by = forms.CharField(
        label=_("Checked by"),
        max_length=80,
        help_text=_("Who made the check, such as the police station and the officer."),
    )

    def clean(self):
        data = super().clean()
        if {"record_checked_on", "record_check_result", "record_checked_by"} <= data.keys():
            errors = services.record_check_errors(
                checked_on=data["record_checked_on"],
                result=data["record_check_result"],
                checked_by=data["record_checked_by"],
            )
            for field, error in errors.items():
                self.add_error(field, error)
        return data


class EraseReasonForm(forms.Form):
    reason = FreeTextField(
        label=_("Reason for erasing"),
        max_length=200,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("For example: the guardian asked for it on 2026-11-30."),
        error_messages={"required": _("Say why the data is erased.")},
    )


class PairingForm(forms.Form):
    """The coordinator's pairs: per child (field `child-<id>`) a volunteer with a place, or none."""

    def __init__(self, *args, children, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", ""), *((pk, pk) for pk in volunteers)]
        for child in children:
            self.fields[f"child-{child}"] = forms.TypedChoiceField(
                choices=choices, coerce=int, required=False, empty_value=None
            )

    def chosen(self) -> dict[int, int]:
        """Child id → volunteer id, for each child given a volunteer."""
        return {
            int(name.removeprefix("child-")): volunteer
            for name, volunteer in self.cleaned_data.items()
            if volunteer is not None
        }


class HomeVisitAdminForm(forms.ModelForm):
    """The admin's form; the rule is `services.home_visit_check`, which the save applies too."""

    class Meta:
        model = HomeVisit
        fields = ["child", "date", "volunteers", "notes"]

    def clean(self):
        data = super().clean()
        if {"child", "date", "volunteers"} <= data.keys():
            services.home_visit_check(
                child=data["child"], date=data["date"], volunteers=list(data["volunteers"])
            )
        return data


class OutingChildAdminForm(forms.ModelForm):
    class Meta:
        model = OutingChild
        fields = ["child", "permission_given_on"]

    def clean_child(self):
        child = self.cleaned_data["child"]
        services.outing_child_check(child=child)
        return child
