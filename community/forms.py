import datetime
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import Community, User
from .validators import mobile_validator, visible_text

# Bounds of the free text residents, volunteers and cadres write (the columns have none).
NOTE_MAX_LENGTH = 2000
STORY_MAX_LENGTH = 5000


class MobileNumberField(forms.CharField):
    """A mainland mobile number; spaces and hyphens people type between the digits are dropped,
    full-width digits (１３８) become the ordinary ones, and any other digits are refused."""

    default_validators = [mobile_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = unicodedata.normalize("NFKC", super().to_python(value))
        return value.replace(" ", "").replace("-", "")


class PersonNameField(forms.CharField):
    """A person's or group's name, without the invisible characters that could make it show as
    someone else's (see `visible_text`). Every form a name is typed into uses it."""

    def to_python(self, value):
        value = visible_text(super().to_python(value))
        return value.strip() if self.strip else value


class FreeTextField(forms.CharField):
    """Free text a person writes (a note, a story): bounded, with a message that says so."""

    widget = forms.Textarea(attrs={"rows": 3})
    default_error_messages = {
        "max_length": _(
            "Too long: at most %(limit_value)d characters (this has %(show_value)d). "
            "Please shorten it."
        )
    }

    def __init__(self, *, max_length=NOTE_MAX_LENGTH, **kwargs):
        super().__init__(max_length=max_length, **kwargs)


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


class TermDatesMixin:
    """For a form with `first_date` and `last_date` that create a term's sessions: in order, at
    most a year apart and in this century, so a mistyped year (2062, 0026) can neither make
    thousands of sessions nor run off the calendar."""

    earliest = datetime.date(2000, 1, 1)
    latest = datetime.date(2099, 12, 31)

    def clean(self):
        data = super().clean()
        for name in ("first_date", "last_date"):
            if data.get(name) and not self.earliest <= data[name] <= self.latest:
                self.add_error(name, _("Choose a date between 2000 and 2099."))
        first, last = data.get("first_date"), data.get("last_date")
        if first and last:
            if last < first:
                self.add_error("last_date", _("The last date must not be before the first date."))
            elif (last - first).days > 366:
                self.add_error("last_date", _("The last date must be within a year of the first."))
        return data


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
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's message speaks of a "username" and of case, which mobile numbers do not have.
        "invalid_login": _(
            "The mobile number or the password is not right. Please check them and try again."
        ),
        "password_expired": _(
            "This one-time password has expired. Ask at the counter for a new one, or use "
            "“Forgot password?” below."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "tel", "inputmode": "numeric", "autofocus": True}
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Log in"), css_class="btn-lg"))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.one_time_password_expired():
            raise ValidationError(self.error_messages["password_expired"], code="password_expired")


class LoginRegistrationForm(BaseUserCreationForm):
    """A login of its own: mobile number, name and a password twice (a student volunteer)."""

    mobile = MobileNumberField(help_text=_("11 digits; you log in with it."))
    submit_label = _("Create my login")

    class Meta:
        model = User
        fields = ("mobile", "name")
        field_classes = {"name": PersonNameField}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-lg"))

    def validate_unique(self):
        """Not here: a number registered before gets the same answer as a new one, so the form
        cannot tell who has an account. The service refuses the second account."""


class RegistrationForm(LoginRegistrationForm):
    """A resident signs themselves up: mobile number, name, 居委会 and a password twice."""

    community = forms.ModelChoiceField(
        queryset=Community.objects.order_by("name"),
        label=_("Residents' committee"),
        empty_label=_("Choose your residents' committee"),
    )
    submit_label = _("Register")


class CodeField(forms.CharField):
    """The 6-digit code of an SMS; spaces are dropped and full-width digits (１２３) become the
    ordinary ones."""

    default_validators = [
        RegexValidator(
            regex=r"^[0-9]{6}\Z",
            message=_("Enter the 6 digits of the code in the SMS."),
            code="invalid_code",
        )
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Code from the SMS"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value)).replace(" ", "")


class AccountCodeRequestForm(forms.Form):
    """The mobile number to send a code to."""

    mobile = MobileNumberField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobile"].widget.attrs["autofocus"] = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send me a code"), css_class="btn-lg"))


class CodeAndPasswordForm(SetPasswordMixin, forms.Form):
    """The mobile number, the code sent to it and a new password twice."""

    submit_label = _("Set the new password")

    mobile = MobileNumberField()
    code = CodeField()
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("New password"), label2=_("New password confirmation")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-lg"))

    def clean(self):
        self.validate_passwords()
        # Rules that compare the password with the person (name, number) are checked once the
        # code has shown who they are: before that, the form must not tell whose number it is.
        self.validate_password_for_user(None)
        return super().clean()


class ClaimForm(CodeAndPasswordForm):
    submit_label = _("Claim my record")


class IdListField(forms.Field):
    """The ids of the ticked boxes of a list (checkboxes sharing one name)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("The list sent is not valid; please reload the page.")}

    def to_python(self, value):
        if not value:
            return set()
        if isinstance(value, str):
            value = [value]
        try:
            ids = {int(item) for item in value}
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(not 0 < item < 2**63 for item in ids):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class ReportPointForm(forms.Form):
    """A point of the annual report as staff edit it; one form a point, on one page."""

    text = FreeTextField(max_length=STORY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, point, **kwargs):
        super().__init__(*args, prefix=point.key, initial={"text": point.text}, **kwargs)
        self.fields["text"].label = point.heading
        self.fields["text"].help_text = _("One paragraph a line.")
