"""Mille settings: one file, driven by environment variables.

Production behaviour is switched by variables (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
EMAIL_URL, CACHE_URL...) and checked by `manage.py check --deploy --fail-level WARNING`.
"""

import sys
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import cache_from_url, env, env_bool, env_choice, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("MILLE_VAR_DIR", str(BASE_DIR / "var")))
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", False)


def required_in_production(name: str, why: str) -> str | None:
    """Production (DEBUG=0) fails closed: a missing secret or mail route stops the start.
    The test suite (which runs with DEBUG=0, as production does) uses the development values."""
    value = env(name)
    if not value and not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG=0 ({why}). For development on your own machine, "
            f"set DEBUG=1 (make run does)."
        )
    return value


# Without a key of its own, anyone could forge a workshop participant's cookie. The development
# key is marked insecure on purpose: `check --deploy` rejects it too.
SECRET_KEY = (
    required_in_production("SECRET_KEY", "it signs sessions and participants' cookies")
    or "django-insecure-mille-local-development-key-change-me"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "mille.core",
    "mille.accounts",
    "mille.territories",
    "mille.groups",
    "mille.workshops",
    "mille.inventory",
    "mille.library",
    "mille.partnerships",
    "mille.network",
    "mille.governance",
    "mille.portal",
    "mille.observatory",
    "mille.api",
    "mille.privacy",
    "mille.demo",
    "django_tasks",
    "django_tasks_db",
    # Uploaded files in the database (MEDIA_STORAGE=database): its table only, no URL, no admin.
    "dbfiles",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    # Wagtail edits the network's editorial content (library, home, charter, FAQ).
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mille.core.middleware.RequestSizeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mille.core.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mille.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mille" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mille.core.context_processors.site",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "mille.core.templatetags.icons",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL in production (DATABASE_URL).
if not env("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a new MILLE_VAR_DIR works at once
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mille.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when CACHE_URL says so; else a file cache shared by all server processes.
CACHES = {
    "default": cache_from_url(
        env("CACHE_URL") or ("locmem://" if TESTING else f"file://{VAR_DIR / 'cache'}")
    )
}

# --- Sessions: with a shared cache (CACHE_URL), read from it and written through to the database
# (cached_db): any app server continues a session begun on another, and a cache restart logs
# nobody out. Without one, the database alone: a cache local to one machine would let another
# server read a session as it was before a log-out. SESSION_STORE=db|cached_db|cache chooses.
SESSION_STORES = {
    "cached_db": "django.contrib.sessions.backends.cached_db",
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
}
SESSION_STORE = env_choice(
    "SESSION_STORE", SESSION_STORES, "cached_db" if env("CACHE_URL") else "db"
)
SESSION_ENGINE = SESSION_STORES[SESSION_STORE]

# --- Background work: django-tasks, stored in the database; `manage.py db_worker` runs it
# (make run starts one). Tests run tasks at once, in the same thread.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

ACCOUNT_ADAPTER = "mille.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "mille.accounts.allauth_forms.SignupForm",
    "login": "mille.accounts.allauth_forms.LoginForm",
    "request_login_code": "mille.accounts.allauth_forms.RequestLoginCodeForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_SIGNUP_FORM_CLASS = "mille.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mille] "
# Two-factor authentication: an authenticator app (TOTP) with recovery codes, offered to every
# account and required of the national coordination (who sees the whole network) in production.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mille"
MFA_ADAPTER = "mille.accounts.adapter.MFAAdapter"
MFA_REQUIRED_FOR_NATIONAL = env_bool("MFA_REQUIRED_FOR_NATIONAL", not DEBUG and not TESTING)
# The public API's requests per minute: without a token, per client network; with one, per token.
API_RATE_LIMIT_NETWORK = int(env("API_RATE_LIMIT_NETWORK", "300"))
API_RATE_LIMIT_TOKEN = int(env("API_RATE_LIMIT_TOKEN", "600"))
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
}

# --- E-mail: SMTP (or any backend) from EMAIL_URL; the console in development only, since log-in
# codes written to a server's logs would open every account to whoever reads them.
_email = dj_email_url.parse(
    required_in_production("EMAIL_URL", "log-in codes are sent by e-mail") or "console://"
)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Mille et un territoires <ne-pas-repondre@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages: French first.
LANGUAGE_CODE = "fr"
# Each language in its own name. Arabic is written right to left: templates set `dir` from it.
LANGUAGES = [("fr", "Français"), ("ar", "العربية"), ("tr", "Türkçe"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "mille" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static files, served by whitenoise; no CDN.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# --- Uploaded files (voices, documents; also the open data files and imports awaiting their
# confirmation): MEDIA_STORAGE=files keeps them under MEDIA_ROOT, on this machine's disk;
# MEDIA_STORAGE=database keeps them in the database, where every app server and the worker find
# them (mille/core/storage.py). Production on PostgreSQL defaults to the database: a second app
# server with its own disk must serve the same files. A laptop (SQLite, DEBUG=1) and the tests
# keep the folder. Object storage (django-storages): docs/deploy.md.
MEDIA_STORAGE_BACKENDS = {
    "files": "django.core.files.storage.FileSystemStorage",
    "database": "mille.core.storage.DatabaseStorage",
}
MEDIA_STORAGE = env_choice(
    "MEDIA_STORAGE",
    MEDIA_STORAGE_BACKENDS,
    "database"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not (DEBUG or TESTING)
    else "files",
)
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKENDS[MEDIA_STORAGE]},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Leaflet's files come from the django-leaflet package. The package is not an installed app: its
# admin module needs GDAL, which a plain machine does not have and the map does not need.
STATICFILES_DIRS = [
    BASE_DIR / "mille" / "static",
    ("leaflet", Path(find_spec("leaflet").origin).parent / "static" / "leaflet"),
]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Map: Leaflet from our static files; tiles only where a tile server is set.
# Example: MAP_TILE_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap")
_tile_origin = ""
if MAP_TILE_URL:
    _parsed_tile = urlparse(MAP_TILE_URL.replace("{s}", "a"))
    _tile_origin = f"{_parsed_tile.scheme}://{_parsed_tile.netloc.replace('a.', '*.', 1)}"

# --- Security headers and Content Security Policy (no inline script, no inline style).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([_tile_origin] if _tile_origin else []),
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's editor (under CMS_URL_PREFIX, for the national coordination only) needs inline styles
# and scripts; mille.core.middleware.CSPMiddleware loosens these two directives there and only there.
CMS_URL_PREFIX = "/cms/"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG or TESTING else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- The crossing: a room's votes are analysed together, this long after the first of them.
CROSSING_ANALYSIS_BATCH_SECONDS = float(env("CROSSING_ANALYSIS_BATCH_SECONDS", "1"))

# --- The newsletter: addresses per task of the worker, and the wait before a temporary failure
# is tried again (three tries in all).
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "500"))
NEWSLETTER_RETRY_SECONDS = int(env("NEWSLETTER_RETRY_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Join codes and invitation tokens in request paths never reach the logs.
    "filters": {"mask_secrets": {"()": "mille.core.logfilters.MaskSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "mille.purge": {"level": "INFO"},
    },
}

SITE_NAME = _("Mille et un territoires")

# --- Retention: `manage.py purge`, run daily by the worker, erases what is kept no longer than
# needed (docs/privacy/retention.md). Each period in days, changeable by an environment variable.
RETENTION = {
    # Voices recorded in a workshop, once it is closed.
    "audio_after_closing": int(env("RETENTION_AUDIO_DAYS", "90")),
    # Participants' first names or nicknames, once the workshop is closed (then « Participant n »).
    "nicknames_after_closing": int(env("RETENTION_NICKNAMES_DAYS", "30")),
    # Devices that joined a closed workshop and never wrote nor voted.
    "idle_participants_after_closing": int(env("RETENTION_IDLE_PARTICIPANTS_DAYS", "30")),
    # Invitation links (groups and partners), once expired, revoked or used.
    "invitations_after_end": int(env("RETENTION_INVITATIONS_DAYS", "30")),
    # Requests to join a group, once answered.
    "join_requests_after_answer": int(env("RETENTION_JOIN_REQUESTS_DAYS", "180")),
    # Accounts with no log-in for this long are warned by e-mail...
    "inactive_account_warning": int(env("RETENTION_INACTIVE_ACCOUNT_DAYS", "730")),
    # ...then removed if still unused this many days after the warning.
    "inactive_account_after_warning": int(env("RETENTION_AFTER_WARNING_DAYS", "30")),
    # Resource persons whose consent was not renewed by its review date, after this grace.
    "resource_persons_after_review": int(env("RETENTION_CONSENT_GRACE_DAYS", "30")),
    # The audit journal itself.
    "audit_journal": int(env("RETENTION_AUDIT_DAYS", str(3 * 365))),
}
# A resource person's consent is asked again after this many months.
CONSENT_REVIEW_MONTHS = int(env("CONSENT_REVIEW_MONTHS", "12"))

# --- Privacy notice (core:privacy): who answers questions about personal data, and who processes
# them for the network. Each is shown only when set; otherwise the notice says the list is given
# on request.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", "")
PRIVACY_HOST_NAME = env("PRIVACY_HOST_NAME", "")
PRIVACY_MAIL_PROCESSOR = env("PRIVACY_MAIL_PROCESSOR", "")

# The site's address, for links in e-mails (sent outside any request) and in the iCalendar feed.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
INVITATION_DAYS = int(env("INVITATION_DAYS", "14"))

# --- Wagtail: editorial content and the library.
WAGTAIL_SITE_NAME = "Mille et un territoires"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third party: no Gravatar pictures, no update check, no external embeds.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "txt",
    "csv",
    "png",
    "jpg",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
# Request bodies, refused from their announced length before being read (413). Every page takes
# a form with a voice recording at most (3 MB); the pages that take files say their own bound.
# The reverse proxy's ceiling (nginx client_max_body_size) must be at least the largest of these.
_MB = 1024 * 1024
REQUEST_BODY_MAX_BYTES = int(env("REQUEST_BODY_MAX_MB", "4")) * _MB
# A workshop's bundle (mille.workshops.bundle): its whole audio, so larger than any other file.
WORKSHOP_BUNDLE_MAX_BYTES = int(env("WORKSHOP_BUNDLE_MAX_MB", "200")) * _MB
REQUEST_BODY_LIMITS = {
    "inventory:import": 101 * _MB,  # a file of the état des lieux, 100 MB at most
    "partnerships:document_add": 11 * _MB,  # a document of an action, 10 MB at most
    "workshops:bundle_import": int(env("WORKSHOP_BUNDLE_MAX_MB", "200")) * _MB + _MB,
    "/cms/": 21 * _MB,  # Wagtail's documents (20 MB) and images (10 MB)
}
