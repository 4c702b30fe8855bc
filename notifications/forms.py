from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Optional. Leave empty to get no e-mails."),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.com.")},
    )

    field_order = ["by_sms", "email", "by_email", "reminders"]

    class Meta:
        model = Preference
        fields = ["by_sms", "by_email", "reminders"]
        labels = {
            "by_sms": _("Send me SMS"),
            "by_email": _("Send me e-mails"),
            "reminders": _("Remind me the day before a class, an event or a Saturday"),
        }
        help_texts = {
            "by_sms": _("To your mobile number; never between 21:00 and 08:00."),
            "reminders": "",
        }
