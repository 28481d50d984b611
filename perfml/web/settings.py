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
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "oui", "yes", "on"}


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
PERFML_CONFIG_ALLOCATION = Path(
    os.environ.get("PERFML_CONFIG_ALLOCATION", "exemples/allocation.toml")
)
PERFML_CONFIG_GJ = (
    Path(os.environ["PERFML_CONFIG_GJ"]) if os.environ.get("PERFML_CONFIG_GJ") else None
)
# Login throttling: this many failures for one login or one address within the window
# block further attempts from it until the window has passed.
PERFML_CONNEXION_ECHECS_MAX = 5
PERFML_CONNEXION_FENETRE_MINUTES = 15

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
    "perfml.web.accounts",
    "perfml.web.steering",
    "perfml.web.dialogue",
    "perfml.web.funding",
    "perfml.web.gj",
    "perfml.web.downloads",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "perfml.web.errors.UserErrorMiddleware",
]

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

AUTHENTICATION_BACKENDS = ["perfml.web.accounts.backends.MembershipBackend"]
# Sessions read from the process's memory, written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
if _SECURE_COOKIES:
    # Behind an HTTPS reverse proxy (see docs/application-web.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 3600

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = PERFML_VAR / "web-static"

# The design system marks optional fields rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"perfml.web": {"handlers": ["console"], "level": "INFO"}},
}
