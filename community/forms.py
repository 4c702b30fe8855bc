import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Community, User
from .validators import mobile_validator


class MobileNumberField(forms.CharField):
    """A mainland mobile number; spaces and hyphens people type between the digits are dropped."""

    default_validators = [mobile_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "").replace("-", "")


class DateListField(forms.CharField):
    """Dates typed one per line (2026-10-01), such as holidays to skip."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value) -> list[datetime.date]:
        dates = []
        for line in super().to_python(value).split():
            try:
                dates.append(datetime.date.fromisoformat(line.strip()))
            except ValueError as error:
                raise ValidationError(
                    _("“%(value)s” is not a date like 2026-10-01.") % {"value": line}
                ) from error
        return dates


class LenientFilterForm(forms.Form):
    """A list page's filters, read from the query string: a malformed or unknown value is left
    out, as if it had not been given, never an error page."""

    def display_fields(self) -> list[dict]:
        """The fields as plain values for `_filter_form.html`: long lists of choices (a district
        has a thousand schools) render far faster in one template loop than as widgets."""
        shown = []
        for name, field in self.fields.items():
            current = self.initial.get(name, field.initial)
            current = (
                getattr(current, field.to_field_name or "pk", current)
                if hasattr(field, "to_field_name")
                else current
            )
            entry = {"name": name, "label": field.label, "id": f"id_{name}"}
            if isinstance(field, forms.BooleanField):
                entry.update(kind="checkbox", checked=bool(current))
            elif hasattr(field, "choices"):
                selected = "" if current in (None, "") else str(current)
                entry.update(
                    kind="select",
                    options=[
                        (str(value), label, str(value) == selected)
                        for value, label in field.choices
                    ],
                )
            else:
                entry.update(kind="text", value=current or "")
            shown.append(entry)
        return shown

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "", False)
        }


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "tel", "inputmode": "numeric", "autofocus": True}
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Log in"), css_class="btn-lg"))


class RegistrationForm(BaseUserCreationForm):
    """A resident signs themselves up: mobile number, name, 居委会 and a password twice."""

    mobile = MobileNumberField(help_text=_("11 digits; you log in with it."))
    community = forms.ModelChoiceField(
        queryset=Community.objects.order_by("name"),
        label=_("Residents' committee"),
        empty_label=_("Choose your residents' committee"),
    )

    class Meta:
        model = User
        fields = ("mobile", "name")
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Register"), css_class="btn-lg"))
