"""The second factor for staff: set up a TOTP authenticator once, then enter its code."""

import functools
from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .middleware import needs_second_factor
from .qrcodes import qr_svg


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _device(user, *, confirmed: bool):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def _for_second_factor_staff(view):
    """Only staff who need a second factor set one up: nobody else gets a device."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not needs_second_factor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@_for_second_factor_staff
def two_factor(request):
    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/admin/"
    device = _device(request.user, confirmed=True)
    setting_up = device is None
    if setting_up:
        device = _device(request.user, confirmed=False) or TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Your login is confirmed."))
            return redirect(target)
        form.add_error("token", _("That code is not right, or it has expired. Try the new one."))
    return render(
        request,
        "registration/two_factor.html",
        {"form": form, "setting_up": setting_up, "secret": b32encode(device.bin_key).decode()},
    )


@_for_second_factor_staff
def two_factor_qr(request):
    device = _device(request.user, confirmed=False)
    if device is None:
        return HttpResponse(status=404)
    return HttpResponse(qr_svg(device.config_url), content_type="image/svg+xml")
