"""Settings of the learning-community portal.

Every value a deployment may change comes from an environment variable; the defaults are for
development on one machine. See the README for the list.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The web server and the task worker share an SQLite file: take the write lock at the start of a
# transaction and wait for it, instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL;",
}


def database_from_url(url: str) -> dict:
    """Turn `postgres://user:password@host:port/name` or `sqlite:///path` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "portal",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": {key: values[-1] for key, values in parse_qs(parts.query).items()},
        }
    if parts.scheme == "sqlite":
        # sqlite:////absolute/path or sqlite:///relative/path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parts.path[1:]),
            "OPTIONS": SQLITE_OPTIONS,
        }
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


# --- Core ---------------------------------------------------------------------------------------

# Off unless asked for: `make run` and `make test` turn it on, a deployment that forgets the
# variable runs safe (and then refuses to start without a real secret key).
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "community",
    "schools",
    "volunteers",
    "merit_register",
    "notifications",
    "community.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "community.thirdparty.AxesConfig",
    "django_otp",
    "community.thirdparty.TotpConfig",
    "community.thirdparty.TasksConfig",
]

MIDDLEWARE = [
    "community.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "community.middleware.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its 400 still passes every header-setting middleware above on the way out.
    "community.middleware.MalformedRequestMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.street",
                "community.context_processors.elder_mode",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    # The embedded default lets `make run` start anywhere; production and tests use PostgreSQL.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "portal.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------------


def cache_from_url(url: str) -> dict:
    """Redis at `redis://host:port/db`; while it is down the portal runs uncached."""
    return {"BACKEND": "community.rediscache.ForgivingRedisCache", "LOCATION": url}


if os.environ.get("REDIS_URL"):
    CACHES = {"default": cache_from_url(os.environ["REDIS_URL"])}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A per-process cache is refused with DEBUG off (check community.E001) unless the deployment is
# a single process and says so.
ALLOW_LOCAL_CACHE = env_bool("DJANGO_ALLOW_LOCAL_CACHE", False)

# --- Users and passwords ------------------------------------------------------------------------

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# After login each person lands on their own page: staff on the 工作台, cadres on their study.
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time -------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads -------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
# Bootstrap is served from the XStatic package, never from a CDN or a copied file.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic_bootstrap.BASE_DIR)]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email --------------------------------------------------------------------------------------


def mailer_from_environment() -> dict:
    """EMAIL_URL (`smtp://user:password@host:587?tls=1`, `smtps://…`) or the EMAIL_* variables."""
    if os.environ.get("EMAIL_URL"):
        url = urlsplit(os.environ["EMAIL_URL"])
        query = parse_qs(url.query)
        options = {
            "host": url.hostname or "localhost",
            "port": url.port or (465 if url.scheme == "smtps" else 25),
            "username": unquote(url.username or ""),
            "password": unquote(url.password or ""),
            "use_ssl": url.scheme == "smtps",
            "use_tls": query.get("tls", ["0"])[-1] in {"1", "true"},
        }
    elif os.environ.get("EMAIL_HOST"):
        options = {
            "host": os.environ["EMAIL_HOST"],
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
        }
    elif DEBUG:
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    else:
        options = {"host": "localhost", "port": 25}
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


MAILERS = {"default": mailer_from_environment()}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Messages (notifications) -------------------------------------------------------------------

# Background work runs on Django's tasks framework; jobs are kept in the database (PostgreSQL in
# production, with row locks, so workers on several machines share one queue). Run a worker with
# `manage.py db_worker`; `make run` starts one.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# SMS: console (prints), file (NOTIFICATIONS_SMS_FILE_PATH/sms.jsonl) or Tencent Cloud SMS.
SMS_BACKENDS = {
    "console": "notifications.sms.console.SmsBackend",
    "file": "notifications.sms.file.SmsBackend",
    "tencent": "notifications.sms.tencent.SmsBackend",
}
NOTIFICATIONS_SMS_BACKEND = SMS_BACKENDS.get(
    os.environ.get("SMS_BACKEND", "console" if DEBUG else "tencent"),
    os.environ.get("SMS_BACKEND", ""),
)
NOTIFICATIONS_SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", BASE_DIR / "var" / "sms"))
TENCENT_SMS = {
    "SECRET_ID": os.environ.get("TENCENT_SMS_SECRET_ID", ""),
    "SECRET_KEY": os.environ.get("TENCENT_SMS_SECRET_KEY", ""),
    "APP_ID": os.environ.get("TENCENT_SMS_APP_ID", ""),
    "SIGN_NAME": os.environ.get("TENCENT_SMS_SIGN_NAME", ""),
    "TEMPLATE_ID": os.environ.get("TENCENT_SMS_TEMPLATE_ID", ""),
    "REGION": os.environ.get("TENCENT_SMS_REGION", "ap-guangzhou"),
    "ENDPOINT": os.environ.get("TENCENT_SMS_ENDPOINT", ""),
    "TIMEOUT": int(os.environ.get("TENCENT_SMS_TIMEOUT", "10")),
}
# No SMS from 21:00 until 08:00 (held until the morning); codes a person asked for go at once.
# SMS_QUIET_HOURS="21-8" (the default) or "off".


def quiet_hours_from_environment() -> tuple[int, int] | None:
    value = os.environ.get("SMS_QUIET_HOURS", "21-8").strip().lower()
    if value in {"off", "none", "0"}:
        return None
    start, _, end = value.partition("-")
    return int(start), int(end)


NOTIFICATIONS_QUIET_HOURS = quiet_hours_from_environment()
# A failed delivery is tried this many times in all, pausing 1, 4, 16 … times this long.
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "5"))
NOTIFICATIONS_RETRY_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_SECONDS", "60"))
# Links in e-mails point here.
NOTIFICATIONS_SITE_URL = os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_EMAIL_PREFIX = "【学习型社区】"

# --- Security -----------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# No inline scripts or styles anywhere in our templates, so the policy needs no exceptions.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if not DEBUG:
    # Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=1 and let it redirect.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Five failed logins for one account from one address lock that pair for 15 minutes; the
# same account still logs in from elsewhere, so an attacker cannot lock staff out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, which holds the mobile number
# Proxies in front of the app: the client's address is the one the last of them saw. The login
# lockout, the rate limits and the logs all take it from `community.throttling.client_address`.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "community.throttling.client_address"
# Failed logins from one address, whatever the accounts, before it waits (password spraying).
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))

# Staff who see children's data or publish to the public confirm their login with a TOTP code.
OTP_REQUIRED = env_bool("DJANGO_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "学习型社区"
# Staff sessions end after this long without a request.
STAFF_IDLE_SECONDS = int(os.environ.get("DJANGO_STAFF_IDLE_SECONDS", str(30 * 60)))
# ... and this long after the login, however busy (a working day).
STAFF_MAX_SECONDS = int(os.environ.get("DJANGO_STAFF_MAX_SECONDS", str(10 * 60 * 60)))

# Codes by SMS (forgotten password, claiming a counter record): at most this many an hour per
# mobile number and per client address.
ACCOUNT_CODES_PER_NUMBER_PER_HOUR = int(os.environ.get("ACCOUNT_CODES_PER_NUMBER_PER_HOUR", "3"))
ACCOUNT_CODES_PER_ADDRESS_PER_HOUR = int(os.environ.get("ACCOUNT_CODES_PER_ADDRESS_PER_HOUR", "10"))

# Public forms (registration, sign-ups, reports, applications): posts per address and minute.
# Counted in the cache, so shared by every app server when REDIS_URL is set.
PUBLIC_FORM_POSTS_PER_MINUTE = int(os.environ.get("PUBLIC_FORM_POSTS_PER_MINUTE", "10"))

# The benchmark's floor page (a trivial view through the whole middleware stack), mounted only
# when the benchmark asks for it.
BENCH_FLOOR_PAGE = env_bool("PORTAL_BENCH_FLOOR", False)

# --- The programme ------------------------------------------------------------------------------

# At most this many live course sign-ups per resident and term; 0 means no limit.
SCHOOLS_COURSES_PER_TERM_LIMIT = int(os.environ.get("SCHOOLS_COURSES_PER_TERM_LIMIT", "0"))

# Volunteers change their own Saturday sign-up until this many days before, at this hour
# (default: the Friday 18:00 before); later changes go through the coordinator.
VOLUNTEERS_CUTOFF_DAYS_BEFORE = int(os.environ.get("VOLUNTEERS_CUTOFF_DAYS_BEFORE", "1"))
VOLUNTEERS_CUTOFF_HOUR = int(os.environ.get("VOLUNTEERS_CUTOFF_HOUR", "18"))

# Children who left more than this many days ago are anonymised by `manage.py purge_children`.
VOLUNTEERS_PURGE_AFTER_DAYS = int(os.environ.get("VOLUNTEERS_PURGE_AFTER_DAYS", "180"))

# The pairing gives one volunteer at most this many children on a Saturday.
VOLUNTEERS_MAX_CHILDREN = int(os.environ.get("VOLUNTEERS_MAX_CHILDREN", "3"))

# Check-in on the day: the coordinator's QR code changes after this many seconds (and as soon as
# it is used); a scan is accepted this long after the code was shown, plus a short grace for a
# slow phone. Volunteers check in from this many minutes before the start, and check out until
# this many minutes after the end.
VOLUNTEERS_CHECKIN_CODE_SECONDS = 60
VOLUNTEERS_CHECKIN_GRACE_SECONDS = 30
VOLUNTEERS_CHECKIN_OPENS_MINUTES = 60
VOLUNTEERS_CHECKOUT_CLOSES_MINUTES = 120

# --- Logging ------------------------------------------------------------------------------------

# One JSON object per line, each with the request id, so a load balancer's logs and ours meet.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "community.middleware.RequestIdFilter"}},
    "formatters": {"json": {"()": "community.middleware.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
