"""Settings for every environment.

Everything that differs between a laptop, CI and a provincial server comes from the environment (or a `.env`
file beside manage.py), read here through django-environ and nowhere else. Production differs only by values.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A development key only when DEBUG is on; a server without SECRET_KEY refuses to start.
SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-only-for-debug" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The project's apps come first so that their Vietnamese catalogues win over Django's and third-party ones
    # for the same msgid (Django's own vi catalogue has e.g. "History" -> "Bản ghi nhớ", "version" untranslated).
    "campaign_portal",
    "steering",
    "reporting",
    "reporting.consolidation",
    "inspections",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "campaign_portal.middleware.SecurityHeadersMiddleware",
    # Last, so that a locked-out login is answered before anything else runs for it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "campaign_portal.urls"
WSGI_APPLICATION = "campaign_portal.wsgi.application"

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
                "campaign_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Reconnect after a database restart without restarting the app; keep connections for a minute.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "steering.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 for new passwords; PBKDF2 still verifies (and upgrades) older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 9}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+address pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "CVD Hai Duong"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["campaign_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: no MEDIA_URL is routed; every file goes out through a scope-checked view.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Jobs. Without REDIS_URL the tasks run in-process (eager), which is what `make run` uses.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that then died comes back to the queue after this many seconds (Redis transport).
# Longer than any retry countdown (60 s); a job still running when its message comes back keeps it (heartbeat).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600)}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
EXPORT_STALE_AFTER_SECONDS = env.int("EXPORT_STALE_AFTER_SECONDS", default=120)

# Digital signatures (campaign_portal/documents/signing.py): the secret the stored signing keys are encrypted
# with (keep it out of the database and its backups; a development value only when DEBUG is on), and an optional
# RFC 3161 timestamp service for the signatures.
SIGNING_KEY_SECRET = env("SIGNING_KEY_SECRET", default="dev-insecure-signing-secret-only-for-debug" if DEBUG else "")
SIGNING_TIMESTAMP_URL = env("SIGNING_TIMESTAMP_URL", default="")
# The PKCS#11 modules (hardware tokens, HSMs) an office may use, by path: the portal loads no other library.
SIGNING_PKCS11_MODULES = env.list("SIGNING_PKCS11_MODULES", default=[])
# Check a signer's certificate for revocation (CRL/OCSP, fetched online) when verifying an uploaded PDF.
SIGNING_FETCH_REVOCATION = env.bool("SIGNING_FETCH_REVOCATION", default=False)
EXPORT_RESEND_AFTER_SECONDS = env.int("EXPORT_RESEND_AFTER_SECONDS", default=60)
CELERY_TASK_ROUTES = {"*.export_*": {"queue": "exports"}}
CELERY_BEAT_SCHEDULE: dict = {
    # Every minute: re-send export jobs whose message or worker was lost; fail those lost too often.
    "export-jobs-sweep": {"task": "campaign_portal.tasks.export_jobs_sweep", "schedule": 60.0},
    # 07:00 every day, Vietnam time: one digest per person about reports due or overdue.
    "report-reminders": {
        "task": "reporting.tasks.report_reminders_send",
        "schedule": crontab(hour=7, minute=0),
    },
}

# The cache is per process on purpose: nothing in the portal depends on a shared cache, so pages keep working
# while Redis is down. Set CACHE_URL (e.g. redis://…/1) to share one between web hosts.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cvd-portal@localhost")

# Sessions expire after 8 working hours and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# The document header of the portal's own issuer (the provincial MTTQ); each committee can override it.
PORTAL_PROVINCE_NAME = env("PORTAL_PROVINCE_NAME", default="Hải Dương")

# What the audit page (/audit/) lists: (model, path to its unit, related rows fetched with it, field naming it).
AUDIT_SOURCES = [
    ("steering.AdministrativeUnit", "", [], "name"),
    ("steering.Committee", "unit", [], "name"),
    ("steering.Membership", "committee__unit", ["person"], "person__full_name"),
    ("steering.CommitteeDecision", "committee__unit", [], "number"),
    ("steering.Agency", "unit", [], "name"),
    ("steering.User", "unit", [], "username"),
    ("steering.DocumentIssuer", "unit", [], "issuing_body"),
    ("inspections.Business", "commune", [], "name"),
    ("inspections.InspectionPlan", "committee__unit", [], "title"),
    ("inspections.Inspection", "unit", ["business"], "business__name"),
    ("inspections.Finding", "inspection__unit", [], "goods"),
    ("inspections.FollowUp", "finding__inspection__unit", ["finding"], "finding__goods"),
]

# Figures other apps offer to pre-fill a periodic report (see campaign_portal/prefill.py).
REPORT_PREFILL_PROVIDERS = [
    "steering.prefill.committee_prefill",
    "steering.prefill_activities.activity_prefill",
    "inspections.prefill.inspection_prefill",
]
