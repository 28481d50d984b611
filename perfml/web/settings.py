"""Django settings of the perfml web application, read from the environment.

- `PERFML_ENTREPOT`: the DuckDB warehouse the figures come from (`var/entrepot.duckdb`).
- `PERFML_VAR`: where the application keeps its files (`var/`): SQLite database, figure
  cache, secret key.
- `DATABASE_URL`: a PostgreSQL server for the application's tables (default: SQLite).
- `PERFML_ANNEE`: the year of the figures shown (default: the last complete year of the
  extract); the dialogue sets the targets of the next year.
- `PERFML_CONFIG_ALLOCATION`: the funding configuration the simulation starts from
  (`exemples/allocation.toml`); `PERFML_CONFIG_GJ`: the Garantie jeunes configuration.
- `PERFML_DEBUG` (`0`/`1`), `PERFML_SECRET_KEY`, `PERFML_HOTES` (allowed host names,
  comma-separated), `PERFML_COOKIES_SECURISES` (default: on unless debugging).
- Production (`perfml web serve --production`, see docs/application-web.md):
  `PERFML_PRODUCTION=1` (hashed, compressed static files served by WhiteNoise),
  `PERFML_PROXYS` (how many reverse proxies in front of the server add their address to
  `X-Forwarded-For`: the client's real address is read from there), `PERFML_HTTPS`
  (the proxy terminates HTTPS: redirect to it, secure cookies, HSTS),
  `PERFML_HSTS_SECONDES`, `PERFML_HSTS_SOUS_DOMAINES`, `PERFML_HSTS_PRECHARGEMENT`.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import urllib.parse
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "oui", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"La variable {name} doit être un nombre entier (reçu : {value!r})."
        ) from None
    if number < 0:
        raise ImproperlyConfigured(f"La variable {name} doit être positive (reçu : {value}).")
    return number


def _secret_key(var_dir: Path) -> str:
    """The key from the environment, else one kept in `var/` (created on first use)."""
    if os.environ.get("PERFML_SECRET_KEY"):
        return os.environ["PERFML_SECRET_KEY"]
    path = var_dir / "web-secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


PERFML_VAR = Path(os.environ.get("PERFML_VAR", "var")).resolve()
PERFML_ENTREPOT = Path(os.environ.get("PERFML_ENTREPOT", PERFML_VAR / "entrepot.duckdb"))
PERFML_ANNEE = int(os.environ["PERFML_ANNEE"]) if os.environ.get("PERFML_ANNEE") else None
PERFML_CACHE_DIR = PERFML_VAR / "web-cache"
# The current funding configuration (compared with the simulation) and the Garantie
# jeunes configuration (TOML files; see docs/allocation.md and docs/garantie-jeunes.md).
# The example of the source tree by default, found wherever the server is started from.
EXAMPLE_ALLOCATION = Path(__file__).resolve().parents[2] / "exemples" / "allocation.toml"
PERFML_CONFIG_ALLOCATION = Path(
    os.environ.get("PERFML_CONFIG_ALLOCATION") or EXAMPLE_ALLOCATION
).resolve()
PERFML_CONFIG_GJ = (
    Path(os.environ["PERFML_CONFIG_GJ"]) if os.environ.get("PERFML_CONFIG_GJ") else None
)
# Shown on the legal pages: whom users write to, and who hosts this instance.
PERFML_CONTACT = os.environ.get("PERFML_CONTACT", "").strip()
PERFML_HEBERGEUR = os.environ.get(
    "PERFML_HEBERGEUR",
    "Le service informatique qui exploite cette instance (à préciser par la variable "
    "PERFML_HEBERGEUR : nom, adresse et téléphone de l'hébergeur).",
).strip()
# Production mode: static files collected, hashed and compressed (WhiteNoise).
PERFML_PRODUCTION = _flag("PERFML_PRODUCTION", False)
# How many reverse proxies stand in front of the server, each adding the address it
# received the request from to X-Forwarded-For (0: the server faces the clients).
PERFML_PROXYS = _int("PERFML_PROXYS", 0)

DEBUG = _flag("PERFML_DEBUG", False)
SECRET_KEY = _secret_key(PERFML_VAR)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("PERFML_HOTES", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "axes",
    "perfml.web.accounts",
    "perfml.web.steering",
    "perfml.web.dialogue",
    "perfml.web.funding",
    "perfml.web.gj",
    "perfml.web.downloads",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "perfml.web.errors.UserErrorMiddleware",
    "perfml.web.security.NoStoreMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the French page.
    "axes.middleware.AxesMiddleware",
]

if PERFML_PRODUCTION:
    # Static files answered before anything else (the demonstration server serves them
    # itself, unhashed).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "perfml.web.urls"
WSGI_APPLICATION = "perfml.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "perfml.web.accounts.context.membership",
                "perfml.web.security.csp_nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PERFML_VAR / 'web.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password login (the demonstration's; switched off where agents use ProConnect).
PERFML_CONNEXION_MOT_DE_PASSE = _flag("PERFML_CONNEXION_MOT_DE_PASSE", True)

# django-axes first: it refuses a locked-out login or address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "perfml.web.accounts.backends.MembershipBackend",
]
# Login throttling (django-axes): 5 failures for one login, or from one client address,
# block that login (everywhere) or that address (for every login) for 15 minutes; other
# accounts and addresses are not affected. Attempts on one login or from one address are
# checked one at a time (perfml.web.accounts.throttling), so simultaneous guesses cannot
# slip past the limit.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "perfml.web.accounts.client.client_ip"
AXES_USERNAME_CALLABLE = "perfml.web.accounts.client.login_name"
AXES_LOCKOUT_TEMPLATE = "accounts/bloque.html"
AXES_VERBOSE = False
# Sessions read from the process's memory, written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ProConnect (OpenID Connect) for the agents, when its client is configured
# (docs/application-web.md, « Connexion ProConnect »).
PERFML_PROCONNECT_CLIENT_ID = os.environ.get("PERFML_PROCONNECT_CLIENT_ID", "").strip()
if PERFML_PROCONNECT_CLIENT_ID:

    def _required(name: str) -> str:
        value = os.environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(
                f"PERFML_PROCONNECT_CLIENT_ID est défini : la variable {name} doit l'être aussi."
            )
        return value

    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "perfml.web.accounts.proconnect.ProConnectBackend")
    OIDC_RP_CLIENT_ID = PERFML_PROCONNECT_CLIENT_ID
    OIDC_RP_CLIENT_SECRET = _required("PERFML_PROCONNECT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _required("PERFML_PROCONNECT_AUTORISATION")
    OIDC_OP_TOKEN_ENDPOINT = _required("PERFML_PROCONNECT_JETON")
    OIDC_OP_USER_ENDPOINT = _required("PERFML_PROCONNECT_UTILISATEUR")
    OIDC_OP_JWKS_ENDPOINT = _required("PERFML_PROCONNECT_CLES")
    PERFML_PROCONNECT_DECONNEXION = _required("PERFML_PROCONNECT_DECONNEXION")
    OIDC_RP_SCOPES = os.environ.get(
        "PERFML_PROCONNECT_PORTEES", "openid email given_name usual_name siret"
    )
    # The ID token and the userinfo answer (a JWT) are signed by the provider's key,
    # checked against its JWKS, with the algorithm declared for this client at ProConnect.
    OIDC_RP_SIGN_ALGO = os.environ.get("PERFML_PROCONNECT_ALGORITHME", "RS256").strip()
    if OIDC_RP_SIGN_ALGO not in ("RS256", "ES256"):
        raise ImproperlyConfigured(
            f"PERFML_PROCONNECT_ALGORITHME vaut « {OIDC_RP_SIGN_ALGO} » : choisissez RS256 "
            "ou ES256 (l'algorithme de signature déclaré pour perfml auprès de ProConnect)."
        )
    # The eIDAS level asked of ProConnect (sent as acr_values; the ID token's `acr` must
    # meet it) and, when given, the issuer every token must come from.
    PERFML_PROCONNECT_ACR = os.environ.get("PERFML_PROCONNECT_ACR", "eidas1").strip()
    if PERFML_PROCONNECT_ACR:
        OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": PERFML_PROCONNECT_ACR}
    PERFML_PROCONNECT_EMETTEUR = os.environ.get("PERFML_PROCONNECT_EMETTEUR", "").strip()
    OIDC_USE_PKCE = True
    OIDC_USE_NONCE = True
    OIDC_STORE_ID_TOKEN = True  # for the logout at the provider
    OIDC_CREATE_USER = True
    OIDC_TIMEOUT = 15
    LOGIN_REDIRECT_URL_FAILURE = "/proconnect/refus/"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "perfml.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_SECURE_COOKIES = _flag("PERFML_COOKIES_SECURISES", not DEBUG)
SESSION_COOKIE_SECURE = _SECURE_COOKIES
CSRF_COOKIE_SECURE = _SECURE_COOKIES
PERFML_HTTPS = _flag("PERFML_HTTPS", False)
if PERFML_HTTPS:
    # Behind an HTTPS reverse proxy (see docs/application-web.md), which must set
    # X-Forwarded-Proto itself (overwriting what the client sent).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _int("PERFML_HSTS_SECONDES", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("PERFML_HSTS_SOUS_DOMAINES", True)
    SECURE_HSTS_PRELOAD = _flag("PERFML_HSTS_PRECHARGEMENT", False)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

# Content-Security-Policy (django-csp): only this site's scripts, those carrying the
# request's nonce (the design system's loader), no inline style attribute in markup.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PERFML_PROCONNECT_CLIENT_ID:
    # Logging out posts a form whose answer sends the browser on to ProConnect's end of
    # session: the CSP must let that form's redirection go there.
    _logout = urllib.parse.urlsplit(PERFML_PROCONNECT_DECONNEXION)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_logout.scheme}://{_logout.netloc}"
    )

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = PERFML_VAR / "web-static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: names carry a hash of the content (cached for a year by browsers) and
    # gzip/brotli copies are served by WhiteNoise; `collectstatic` runs at each start.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PERFML_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# In production the collected CSS is rewritten (hashed names of the files it points to):
# the design system's integrity checksums would no longer match. The files come from this
# very server, which the checksums add nothing to.
DSFR_USE_INTEGRITY_CHECKSUMS = not PERFML_PRODUCTION

# The design system marks optional fields rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True

# Every error answered 500 goes to the server's log (standard error) with its traceback,
# whatever DEBUG says (Django's default sends it nowhere when DEBUG is off).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"horodate": {"format": "%(asctime)s %(levelname)s %(name)s : %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "horodate"}},
    "loggers": {
        "perfml.web": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
