import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import accounts, reporting, services
from .context_processors import ELDER_MODE_COOKIE
from .forms import AccountCodeRequestForm, ClaimForm, CodeAndPasswordForm, RegistrationForm
from .models import Resident
from .pagecache import public_page
from .throttling import client_address, limit_posts

# The number a code was last asked for, to fill in on the page where the code is entered.
CODE_MOBILE_SESSION_KEY = "account_code_mobile"


@public_page("site", "merit")
def home(request):
    return render(request, "community/home.html", {"totals": reporting.home_totals()})


def registered_quietly(form, make) -> bool:
    """Make a login from a valid registration form; True unless the form has an error to show.
    A number registered before is answered exactly like a new one (and gets no second account),
    so a registration page cannot tell anyone who has an account."""
    try:
        make()
    except ValidationError as error:
        if set(getattr(error, "error_dict", {})) != {"mobile"}:
            form.add_error(None, error)
    return not form.errors


@limit_posts("register")
def register(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = RegistrationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and registered_quietly(
            form,
            lambda: services.register_resident(
                mobile=form.cleaned_data["mobile"],
                name=form.cleaned_data["name"],
                community=form.cleaned_data["community"],
                password=form.cleaned_data["password1"],
            ),
        )
    ):
        messages.info(
            request,
            _(
                "Please log in with your mobile number and password. If this number was "
                "registered before, use the password you had then; if you have forgotten it, "
                "use “Forgot password?” below."
            ),
        )
        return redirect("login")
    return render(request, "registration/register.html", {"form": form})


@login_required
def landing(request):
    """Where a login lands: staff on the 工作台, cadres on 我的学习, residents on the home page."""
    if request.user.is_staff:
        return redirect("workbench")
    if hasattr(request.user, "cadre"):
        return redirect("schools:cadre_page")
    return redirect("home")


@login_required
def account(request):
    resident = Resident.objects.select_related("community").filter(user=request.user).first()
    return render(request, "community/account.html", {"resident": resident})


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("account")
    success_message = gettext_lazy("Your password has been changed.")

    def get_form_class(self):
        # Just logged in with the one-time password from the counter: not asked for it again.
        if self.request.user.must_change_password:
            return SetPasswordForm
        return super().get_form_class()

    def form_valid(self, form):
        form.user.must_change_password = False  # saved with the new password
        form.user.password_expires_at = None
        return super().form_valid(form)


def _code_request(request, *, purpose: str, template: str, sent: str, then: str):
    """Ask for a code by SMS: the same answer whether or not the number may have one."""
    form = AccountCodeRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            accounts.account_code_send(
                purpose=purpose, mobile=mobile, address=client_address(request)
            )
        except accounts.TooManyCodes:
            form.add_error(
                None,
                _(
                    "Too many codes were asked for this number or from your connection. "
                    "Please try again in an hour, or ask your residents' committee."
                ),
            )
            status = 429
        else:
            request.session[CODE_MOBILE_SESSION_KEY] = mobile
            messages.info(request, sent)
            return redirect(then)
    return render(request, template, {"form": form}, status=status)


def _code_form(request, form_class):
    return form_class(
        request.POST or None, initial={"mobile": request.session.get(CODE_MOBILE_SESSION_KEY, "")}
    )


@limit_posts("account-code")
def password_reset(request):
    if request.user.is_authenticated:
        return redirect("password_change")
    return _code_request(
        request,
        purpose=accounts.Purpose.PASSWORD_RESET,
        template="registration/password_reset_form.html",
        sent=_(
            "If this number has a login here, a 6-digit code has been sent to it by SMS. "
            "It is valid for 10 minutes."
        ),
        then="password_reset_confirm",
    )


@limit_posts("account-code")
def password_reset_confirm(request):
    if request.user.is_authenticated:
        return redirect("password_change")
    form = _code_form(request, CodeAndPasswordForm)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.password_reset_with_code(
                mobile=form.cleaned_data["mobile"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(CODE_MOBILE_SESSION_KEY, None)
            messages.success(request, _("Your new password is set. Please log in with it."))
            return redirect("login")
    return render(request, "registration/password_reset_confirm.html", {"form": form})


@limit_posts("account-code")
def claim(request):
    if request.user.is_authenticated:
        return redirect("account")
    return _code_request(
        request,
        purpose=accounts.Purpose.CLAIM,
        template="registration/claim_form.html",
        sent=_(
            "If a record made at the counter has this number and no login yet, a 6-digit code "
            "has been sent to it by SMS. It is valid for 10 minutes."
        ),
        then="claim_confirm",
    )


@limit_posts("account-code")
def claim_confirm(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = _code_form(request, ClaimForm)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.resident_claim(
                mobile=form.cleaned_data["mobile"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(CODE_MOBILE_SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Your record is now yours: you are logged in with your new password.")
            )
            return redirect("account")
    return render(request, "registration/claim_confirm.html", {"form": form})


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitors: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@requires_csrf_token
def server_error(request):
    """The 500 page; but while the database cannot be reached (a restart, a failover) a 503
    asking to try again in a minute, with Retry-After. Rendered without the request, like
    Django's 500, so that it needs no database."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


def _back(request) -> str:
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return target


def _display_cookie(response, request, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )


@require_GET
def elder_mode(request):
    """Switch 长辈模式 on or off and go back to the page; remembered for a year.

    A plain link: it only sets a display preference, so it needs no form and no token."""
    response = redirect(_back(request))
    _display_cookie(
        response, request, ELDER_MODE_COOKIE, "1" if request.GET.get("on") == "1" else "0"
    )
    return response


@require_GET
def switch_language(request):
    """Show the portal in another language and go back to the page (a plain link, as above)."""
    response = redirect(_back(request))
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        _display_cookie(response, request, settings.LANGUAGE_COOKIE_NAME, language)
    return response


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return redirect(static("img/favicon.svg"), permanent=True)


def bench_floor(request):
    """The benchmark's floor: the cheapest page the full middleware stack can serve."""
    return render(request, "bench_floor.html")
