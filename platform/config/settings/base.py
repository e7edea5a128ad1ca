"""Settings shared by every environment; each service switches from embedded to real by an env var."""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

PLATFORM_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = PLATFORM_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- apps -----------------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.admin",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.embeds",
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
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django_celery_beat",
    "django_celery_results",
    "django_htmx",
    # Only for its templates and static files: /api/v1/docs then serves Swagger UI from our own static
    # (ninja falls back to a CDN page when it is not installed, which fails offline and under our CSP).
    "ninja",
    "csp",
]
LOCAL_APPS = [
    "core",
    "accounts",
    "home",
    "courses",
    "assessments.rubrics",
    "assessments.exams",
    "assessments.hiring",
    "coaching",
    "analytics",
    "api",
]
# modeltranslation must come before django.contrib.admin (it patches the registered models' admin classes).
INSTALLED_APPS = (
    LOCAL_APPS[:3] + ["modeltranslation"] + DJANGO_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS + LOCAL_APPS[3:]
)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.csp.RampwayCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "home.middleware.AdminAreaGateMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
                "home.context_processors.organisation",
                "core.context_processors.notifications",
            ],
        },
    },
]

# --- data -----------------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE avoids "database is locked" on upgrade of a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # No JIT compilation: pages run short queries whose estimated cost crosses jit_above_cost on large tables,
    # and compiling them took longer than running them (1.5 s of JIT for a 20 ms team-page query at 100,000
    # rows). RAMPWAY_DB_JIT=true gives PostgreSQL's default back (e.g. for a pgbouncer that refuses options).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if not env.bool("RAMPWAY_DB_JIT", default=False):
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    # No parallel workers within one query: each worker rebuilds the query's hashed subqueries (the access
    # policy's sources), so a 100,000-person team count took 575 ms on 3 processes where one took 157 ms, and on
    # a few cores the web requests already keep every core busy. RAMPWAY_DB_PARALLEL=true gives the default back.
    if not env.bool("RAMPWAY_DB_PARALLEL", default=False):
        options["options"] = " ".join(
            filter(None, [options.get("options", ""), "-c max_parallel_workers_per_gather=0"])
        )
    # Pooling (Django's psycopg pool, per process): RAMPWAY_DB_POOL=true keeps RAMPWAY_DB_POOL_MIN..MAX open
    # connections in each gunicorn/Celery process instead of one per thread; persistent connections
    # (CONN_MAX_AGE) cannot be combined with it. Size it so nodes × processes × max stays under PostgreSQL's
    # max_connections (docs/deployment.md); with pgbouncer in front, leave it off.
    if env.bool("RAMPWAY_DB_POOL", default=False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("RAMPWAY_DB_POOL_MIN", default=2),
            "max_size": env.int("RAMPWAY_DB_POOL_MAX", default=10),
            "timeout": env.float("RAMPWAY_DB_POOL_TIMEOUT", default=10.0),
        }
    else:
        DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://rampway")}
# Exam-day caches filed under generation tokens (core.cache_generations) are right only in a cache every process
# shares; production turns them off when the cache is process-local (several gunicorn workers, no CACHE_URL).
RAMPWAY_GENERATION_CACHE = env.bool("RAMPWAY_GENERATION_CACHE", default=True)
# Sessions are always in the database: never only in an evicting cache, where an evicted session would log an
# examinee out mid-exam. Production reads them through the shared cache too (cached_db) when there is one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's parameters first (accounts/hashers.py, docs/passwords.md): about 27 ms of CPU a sign-in
# where Django's default PBKDF2 (1,000,000 iterations) took about 490 ms, so a room of 1,000 signing in over a
# five-minute lobby no longer saturates two cores. The others still verify older hashes, and Django re-hashes
# any of them with the first one at that person's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.OWASPArgon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = env.bool("RAMPWAY_LOGIN_BY_CODE", default=True)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Self sign-up is closed: people arrive by invitation, by hire, or through their organisation's SSO.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# Limits protect accounts, not addresses: a whole exam room signs in from one NAT address within a minute, so
# the per-address limits are only a ceiling against a flood, while five wrong passwords lock that one account.
# The per-address sign-in ceilings are accounts.login_limits' lock-free counters (allauth's would make the room
# queue for one lock and refuse whoever waits over a second); allauth keeps the per-account lock-out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key",
    "login": "",
    "request_login_code": "1000/m/ip,3/m/key",
    "reset_password": "200/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Sign-in attempts per address per minute, and wrong passwords per address per five minutes.
RAMPWAY_LOGIN_ATTEMPTS_PER_ADDRESS = env.int("RAMPWAY_LOGIN_ATTEMPTS_PER_ADDRESS", default=2000)
RAMPWAY_LOGIN_FAILURES_PER_ADDRESS = env.int("RAMPWAY_LOGIN_FAILURES_PER_ADDRESS", default=200)
# How many reverse proxies in front of the app append to X-Forwarded-For (0: the app faces the clients, and the
# header is the client's own text). Every consumer of the caller's address reads it through core.client_address;
# allauth and django-ninja are given the same number so their own fallbacks agree.
RAMPWAY_TRUSTED_PROXY_COUNT = env.int("RAMPWAY_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = RAMPWAY_TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = RAMPWAY_TRUSTED_PROXY_COUNT
SOCIALACCOUNT_ONLY = False
# Never sign in or connect an existing account because an IdP asserts its email address: any customer's IdP
# could claim anyone's (another organisation's people, the superuser). Joining an SSO identity to a password
# account is the owner's own act (signed in, reauthenticated); accounts.sso says which accounts an app may serve.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rampway"
# Roles whose members must have a second factor before using anything else.
RAMPWAY_MFA_REQUIRED_ROLES = ["admin", "recruiter", "analyst"]  # role names (accounts.roles.Role values)
RAMPWAY_ENFORCE_MFA = env.bool("RAMPWAY_ENFORCE_MFA", default=True)
# Rejected/declined candidates' name, email, phone and CV are removed this long after the decision
# (scores are kept for rubric validation); hiring.candidates_anonymise_expired runs it daily.
RAMPWAY_CANDIDATE_RETENTION_DAYS = env.int("RAMPWAY_CANDIDATE_RETENTION_DAYS", default=365)
# Integration API: calls per token (or per signed-in person) per window, counted in the shared cache.
RAMPWAY_API_RATE_LIMIT = env.int("RAMPWAY_API_RATE_LIMIT", default=600)
RAMPWAY_API_RATE_WINDOW = env.int("RAMPWAY_API_RATE_WINDOW", default=60)
# Per client address (anonymous calls have only this one and get RAMPWAY_API_RATE_LIMIT), and unknown tokens
# an address may send per window before every token it sends is refused with 429.
RAMPWAY_API_RATE_LIMIT_PER_ADDRESS = env.int("RAMPWAY_API_RATE_LIMIT_PER_ADDRESS", default=3000)
RAMPWAY_API_BAD_TOKEN_LIMIT = env.int("RAMPWAY_API_BAD_TOKEN_LIMIT", default=20)
# Largest candidate CV accepted (PDF, DOC, DOCX, ODT, RTF or TXT, checked by extension and content).
RAMPWAY_CV_MAX_BYTES = env.int("RAMPWAY_CV_MAX_BYTES", default=10 * 1024 * 1024)
# Public applications (/careers/…): submissions one address may make per window (a careers page is shared by
# whole offices behind one NAT, so this stops scripts, not colleagues applying the same afternoon).
RAMPWAY_APPLY_RATE_LIMIT = env.int("RAMPWAY_APPLY_RATE_LIMIT", default=10)
RAMPWAY_APPLY_RATE_WINDOW = env.int("RAMPWAY_APPLY_RATE_WINDOW", default=60 * 60)
# ISO 3166 country of the employing organisation. "CN" (PIPL): the voluntary self-identification step asks no
# race/ethnicity question unless the applicant separately consents to being asked it.
RAMPWAY_ORGANISATION_COUNTRY = env("RAMPWAY_ORGANISATION_COUNTRY", default="US").upper()

# --- wagtail --------------------------------------------------------------------------------------
# The organisation that runs this Rampway: it names the Wagtail admin and issues the certificates.
RAMPWAY_ORGANISATION_NAME = env("RAMPWAY_ORGANISATION_NAME", default="Lumora Cloud")
WAGTAIL_SITE_NAME = RAMPWAY_ORGANISATION_NAME
# Open Badges 3.0 signing key: the JSON of a private Ed25519 JWK. Empty: a dev key is generated in var/ once.
RAMPWAY_BADGE_SIGNING_KEY = env("RAMPWAY_BADGE_SIGNING_KEY", default="")
# After a rotation: a JSON list of the old *public* JWKs (with their kid), still published in the JWKS.
RAMPWAY_BADGE_RETIRED_KEYS = env("RAMPWAY_BADGE_RETIRED_KEYS", default="")
# The region under which teams created through SCIM are put (made on first use).
RAMPWAY_SCIM_REGION = env("RAMPWAY_SCIM_REGION", default="directory")
# The admin works offline and tells no third party who is signed in: no Gravatar images, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Library and course pages are translated the Wagtail way: one page tree per locale, pages linked by their
# translation_key, served at the same URL in the reader's language (courses/localisation.py). Simple translation
# (built in) makes the copy; editors then translate it in the ordinary editor, under the same workflow.
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
# A translation starts as a draft copy that the editor translates and submits through the review workflow.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

# --- i18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Records that are not pages (a learning path's name, an exam's title) hold one column per language through
# django-modeltranslation (each app's translation.py): one record, one set of enrolments and attempts, read in
# the active language and falling back to English, the original, when the Chinese is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- static & media -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# RAMPWAY_STORAGE picks where uploads live: "local" (the default: MEDIA_ROOT and DJANGO_PRIVATE_ROOT on this
# machine, or a volume every node mounts) or "s3" (an S3-compatible bucket shared by every web node and worker:
# AWS, MinIO, Ceph…; django-storages). In the bucket nothing is public: objects are written private, CVs and
# import files go out only through their access views, and any URL the storage hands out (image renditions) is
# signed and expires after AWS_QUERYSTRING_EXPIRE seconds.
RAMPWAY_STORAGE = env("RAMPWAY_STORAGE", default="local")


def _s3(location: str) -> dict[str, object]:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or when unset the machine's role (boto3's chain).
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": location,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),
        },
    }


if RAMPWAY_STORAGE == "s3":
    _default_storage = _s3(env("RAMPWAY_S3_MEDIA_PREFIX", default="media"))
    _private_storage = _s3(env("RAMPWAY_S3_PRIVATE_PREFIX", default="private"))
elif RAMPWAY_STORAGE == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("DJANGO_PRIVATE_ROOT", default=str(VAR_DIR / "private"))},
    }
else:
    raise ValueError(f'RAMPWAY_STORAGE must be "local" or "s3", not {RAMPWAY_STORAGE!r}')
# Nothing under MEDIA_ROOT is published as a whole: CVs go out through the candidate view, documents through
# Wagtail's serve view (which applies collection privacy), and only image renditions may be served by URL.
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Uploads waiting between preview and confirm (core.uploads): never under MEDIA_ROOT, never by URL. With
    # several web nodes this must be shared storage (a common volume, or the bucket above).
    "private": _private_storage,
}
# Documents are always streamed by Wagtail's view after its privacy check; "redirect" (Wagtail's default for
# remote storages) would hand out the storage URL and skip the check.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- email ----------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Rampway <noreply@rampway.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_CACHE_BACKEND = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {"analytics.*": {"queue": "analytics"}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- security defaults shared by all ----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; core/csp.py): scripts only from our static files on every page of ours.
# style-src keeps 'unsafe-inline' for style attributes (progress bars and chart widths computed server-side)
# and for the <style> htmx injects for its indicators; styles cannot run code.
# Lesson videos are oEmbed iframes: their players' origins are the only third parties allowed (frame-src).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": [
            "'self'",
            *env.list(
                "RAMPWAY_CSP_FRAME_SRC",
                default=[
                    "https://www.youtube.com",
                    "https://www.youtube-nocookie.com",
                    "https://player.vimeo.com",
                    "https://player.bilibili.com",
                ],
            ),
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # No form-action: Chrome applies it to the redirect after a submit, which would stop SSO sign-in
        # forms from reaching the identity provider.
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin renders inline scripts of its own (inline panels, date pickers): only there may they run.
RAMPWAY_CSP_LOOSE_SCRIPT_PREFIXES = ["/admin/"]

# Outbound webhooks (core.webhooks) refuse endpoints in private networks (SSRF) and plain http://; a lab or the
# tests' loopback receiver may lift that. Never in production: an admin could make the server call its own network.
RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = env.bool("RAMPWAY_WEBHOOKS_ALLOW_PRIVATE", default=False)
# SCORM packages (courses.scorm): the upload, and what it may unpack to (a zip bomb stops at these).
RAMPWAY_SCORM_MAX_BYTES = env.int("RAMPWAY_SCORM_MAX_BYTES", default=200 * 1024 * 1024)
RAMPWAY_SCORM_MAX_FILES = env.int("RAMPWAY_SCORM_MAX_FILES", default=2000)
RAMPWAY_SCORM_MAX_UNZIPPED_BYTES = env.int("RAMPWAY_SCORM_MAX_UNZIPPED_BYTES", default=500 * 1024 * 1024)

# RAMPWAY_LOG_FORMAT=json (production's default) writes one JSON object per line (python-json-logger) for a
# log shipper; "plain" is for people reading a terminal.
RAMPWAY_LOG_FORMAT = env("RAMPWAY_LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if RAMPWAY_LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
