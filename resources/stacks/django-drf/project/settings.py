"""Django + Django REST Framework: the Stackbench API contract.

A production-style configuration (DEBUG off) without the database-backed contrib apps: no auth,
contenttypes, sessions or migrations, so the only table is `items`, created by ../../seed.py.
"""

import os

DB_PATH = os.environ.get("STACKBENCH_DB")
if not DB_PATH:
    raise RuntimeError("STACKBENCH_DB must hold the absolute path of the SQLite database")

# Only ever served on the loopback interface (gunicorn --bind 127.0.0.1:PORT).
SECRET_KEY = "stackbench-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "rest_framework",
    "items",
]

# startproject's defaults, less the session, auth and messages middleware (their apps are absent).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# The contract's paths are exact: /items/ with a slash, /items/7 without; never redirect.
APPEND_SLASH = False

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DB_PATH,
        # SQLite's busy timeout, so writers wait for the lock instead of "database is locked".
        "OPTIONS": {"timeout": 30},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Server errors (5xx) to stderr, which gunicorn keeps; DEBUG is off, so Django would only mail them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "ERROR"}},
}

USE_TZ = True
TIME_ZONE = "UTC"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # No django.contrib.auth: no authentication, anyone may call the API.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}
