from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import reporting, services
from .context_processors import ELDER_MODE_COOKIE
from .forms import RegistrationForm
from .models import Resident
from .pagecache import public_page
from .throttling import limit_posts


@public_page("site", "merit")
def home(request):
    return render(request, "community/home.html", {"totals": reporting.home_totals()})


@limit_posts("register")
def register(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_resident(
                mobile=form.cleaned_data["mobile"],
                name=form.cleaned_data["name"],
                community=form.cleaned_data["community"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.name}
            )
            return redirect("account")
    return render(request, "registration/register.html", {"form": form})


@login_required
def account(request):
    resident = Resident.objects.select_related("community").filter(user=request.user).first()
    return render(request, "community/account.html", {"resident": resident})


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("account")
    success_message = gettext_lazy("Your password has been changed.")


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


@csrf_exempt  # it only sets a display preference, which a forged post cannot abuse
@require_POST
def elder_mode(request):
    """Switch 长辈模式 on or off and go back to the page; remembered for a year."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        ELDER_MODE_COOKIE,
        "1" if request.POST.get("on") == "1" else "0",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return redirect(static("img/favicon.svg"), permanent=True)


def bench_floor(request):
    """The benchmark's floor: the cheapest page the full middleware stack can serve."""
    return render(request, "bench_floor.html")


def coming_soon(request, title):
    return render(request, "community/coming_soon.html", {"title": title})
