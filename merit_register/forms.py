import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from community.forms import STORY_MAX_LENGTH, FreeTextField, LenientFilterForm, PersonNameField
from community.images import SafeImageField, SafeImageFormMixin, SafeImagesField
from community.models import Community
from community.submissions import SubmissionField
from community.validators import visible_text

from . import services
from .models import Board, Deed, DeedDoer, DeedPhoto


def year_choices():
    this_year = timezone.localdate().year
    return [("", _("Any year"))] + [(y, str(y)) for y in range(this_year, this_year - 10, -1)]


class DeedFilterForm(LenientFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    community = forms.ModelChoiceField(
        label=_("Residents' committee"),
        required=False,
        queryset=Community.objects.all(),
        empty_label=_("Anywhere"),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + Deed.Category.choices
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=year_choices
    )

    @staticmethod
    def apply(deeds, filters: dict):
        if q := filters.get("q"):
            deeds = deeds.public_search(q)
        if community := filters.get("community"):
            deeds = deeds.filter(community=community)
        if category := filters.get("category"):
            deeds = deeds.filter(category=category)
        if year := filters.get("year"):
            deeds = deeds.filter(date__year=year)
        return deeds


class DeedReportForm(forms.ModelForm):
    """A resident reports a good deed they witnessed."""

    submission = SubmissionField()
    doers = forms.CharField(
        label=_("Who did it"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names of the people or group, separated by commas or new lines."),
    )
    story = FreeTextField(
        label=capfirst(_("story")),
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    photos = SafeImagesField(
        label=_("Photos"),
        required=False,
        max_count=services.MAX_REPORT_PHOTOS,
        help_text=_("Optional. Up to 3 photos: JPEG, PNG or WebP, at most 5 MB each."),
    )

    class Meta:
        model = Deed
        fields = ["title", "date", "category", "community", "beneficiary", "story"]
        field_classes = {"beneficiary": PersonNameField}
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        labels = {"title": _("Title")}
        help_texts = {
            "beneficiary": _("Optional. Shown in public only as a surname with ** (张**)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send for review"), css_class="btn-lg"))

    def clean_doers(self) -> list[str]:
        typed = re.split(r"[,，、\n]+", self.cleaned_data["doers"])
        names = [visible_text(name).strip() for name in typed]
        longest = DeedDoer._meta.get_field("name").max_length
        if any(len(name) > longest for name in names):
            raise forms.ValidationError(
                _("A name can have at most %(limit)d characters."), params={"limit": longest}
            )
        return [n for n in names if n]


class DeedPhotoForm(SafeImageFormMixin, forms.ModelForm):
    image = SafeImageField(label=_("Photo"))

    class Meta:
        model = DeedPhoto
        fields = ["image", "caption"]


class BoardForm(SafeImageFormMixin, forms.ModelForm):
    image = SafeImageField(label=_("Photo of the board"), required=False)

    class Meta:
        model = Board
        fields = [
            "title",
            "issue_number",
            "community",
            "period_start",
            "period_end",
            "location",
            "image",
        ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )


class RecommendForm(forms.Form):
    level = forms.ChoiceField(label=_("Recommended to"), choices=Deed.Level.choices)
    on = forms.DateField(
        label=_("Recommended on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if {"level", "on"} <= data.keys():
            services.recommendation_check(level=data["level"], on=data["on"])
        return data


class RecommendationAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Deed.Outcome.ACCEPTED, Deed.Outcome.ACCEPTED.label),
            (Deed.Outcome.DECLINED, Deed.Outcome.DECLINED.label),
        ],
        widget=forms.RadioSelect,
    )
    honour = forms.CharField(
        label=_("Honour received"),
        max_length=100,
        required=False,
        help_text=_("When accepted: the honour it received, such as 区级好人好事."),
    )

    def clean(self):
        data = super().clean()
        if "outcome" in data:
            services.recommendation_answer_check(
                outcome=data["outcome"], honour=data.get("honour", "")
            )
        return data


class BoardPostForm(forms.Form):
    location = forms.CharField(label=_("Where it is posted"), max_length=100)
    posted_on = forms.DateField(
        label=_("Posted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    image = SafeImageField(label=_("Photo of the board as posted"), required=False)


class LedgerPeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class BoardPeriodForm(forms.Form):
    """The period whose published deeds the board's checklist offers (the board's by default)."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class BoardComposeForm(forms.Form):
    """The deeds ticked for a board, in the order of `candidates` (those already on the board
    first, in their order)."""

    deeds = forms.ModelMultipleChoiceField(
        queryset=Deed.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one deed for the board."),
            "invalid_choice": _("A ticked deed can no longer go on this board; reload the page."),
            "invalid_pk_value": _("A ticked deed can no longer go on this board; reload the page."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["deeds"].queryset = candidates

    def clean_deeds(self) -> list[Deed]:
        ticked = {deed.pk for deed in self.cleaned_data["deeds"]}
        return [deed for deed in self.candidates if deed.pk in ticked]
