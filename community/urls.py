from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import dashboard, showcase_views, two_factor, views, workbench
from .forms import LoginForm
from .throttling import limit_login_failures

# The database out of reach gives a 503 asking to try again, not the 500 page.
handler500 = views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
    path(
        "accounts/login/",
        limit_login_failures(
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/reset/", views.password_reset, name="password_reset"),
    path("accounts/reset/code/", views.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/claim/", views.claim, name="claim"),
    path("accounts/claim/code/", views.claim_confirm, name="claim_confirm"),
    path("accounts/", views.account, name="account"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("accounts/two-factor/qr.svg", two_factor.two_factor_qr, name="two_factor_qr"),
    path(
        "accounts/password/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("staff/", workbench.workbench, name="workbench"),
    path("accounts/welcome/", views.landing, name="landing"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<int:year>/", dashboard.dashboard, name="dashboard_year"),
    path("dashboard/<int:year>/summary/", dashboard.summary, name="summary"),
    path("dashboard/<int:year>/summary.xlsx", dashboard.summary_workbook, name="summary_workbook"),
    path("dashboard/<int:year>/summary.docx", dashboard.summary_docx, name="summary_docx"),
    path("dashboard/<int:year>/summary/print/", dashboard.summary_print, name="summary_print"),
    path("dashboard/<int:year>/summary/edit/", dashboard.summary_edit, name="summary_edit"),
    path(
        "dashboard/<int:year>/summary/edit/<slug:point>/",
        dashboard.summary_point,
        name="summary_point",
    ),
    path(
        "dashboard/<int:year>/summary/edit/<slug:point>/draft/",
        dashboard.summary_point_draft,
        name="summary_point_draft",
    ),
    path("showcase/", showcase_views.gallery, name="showcase"),
    path("showcase/exemplars/<int:pk>/", showcase_views.exemplar_detail, name="exemplar_detail"),
    path("honours/", showcase_views.honours, name="honours"),
    path("newsletters/", showcase_views.newsletters, name="newsletters"),
    # Choosing the language only sets a display preference: no CSRF token, so public pages
    # can be cached whole.
    path("language/", views.switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("schools.urls")),
    path("", include("volunteers.urls")),
    path("", include("merit_register.urls")),
    path("", include("notifications.urls")),
]

# Under `make run` (DEBUG) runserver serves the uploads too; in production the web server does.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_FLOOR_PAGE:
    urlpatterns.append(path("bench/floor/", views.bench_floor))
