"""Sending SMS through a backend chosen in settings, as Django sends e-mail.

`NOTIFICATIONS_SMS_BACKEND` names a class with `send(mobile, text, reference) -> str` (the
provider's reference). Backends: `console` (prints), `file` (one JSON line per SMS in a folder;
development and tests) and `tencent` (Tencent Cloud SMS through its SDK).
"""

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider did not take the message. `retry`: worth trying again later."""

    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.retry = retry


def backend():
    return import_string(settings.NOTIFICATIONS_SMS_BACKEND)()


def send(mobile: str, text: str, reference: str) -> str:
    return backend().send(mobile, text, reference)
