"""ParkOps settings, read from the environment so that one file serves the demo and production.

With nothing set, the system runs on SQLite in WAL mode with debug on: `make run` needs no set-up.
Production sets DATABASE_URL (postgres://…), SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for (`make run` asks): a server started without configuration shows no tracebacks.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off (for development on this machine: DEBUG=true)")
    SECRET_KEY = "parkops-development-only-not-secret"
# `parkops bench` serves a bare view at /bench/floor/ (the floor a page is measured against); never in use otherwise.
PARKOPS_BENCH = env_bool("PARKOPS_BENCH", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATA_DIR = Path(os.environ.get("PARKOPS_DATA_DIR", PROJECT_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "simple_history",
    "parkops.core",
    "parkops.org",
    "parkops.supervision",
    "parkops.projects",
    "parkops.economy",
    "parkops.investment",
    "parkops.land",
    "parkops.safety",
    "parkops.stability",
    "parkops.services",
    "parkops.approvals",
    "parkops.environment",
    "parkops.policies",
    "parkops.reports",
    "parkops.notices",
    "parkops.jobs",
    "parkops.site",  # the top: menu, home page, demo, from what the apps declare in their site.py
    "django_q",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "parkops.core.middleware.LegacyFilenameMiddleware",  # before anything reads request.POST
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "parkops.core.middleware.RequestContextMiddleware",
    "parkops.org.middleware.AccountGateMiddleware",
    "parkops.services.middleware.EnterpriseConfinementMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "parkops.urls"
WSGI_APPLICATION = "parkops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parkops.site.menu.navigation",
                "parkops.notices.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'parkops.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot create the folder its file goes in; a new PARKOPS_DATA_DIR should just work.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while an import writes; IMMEDIATE avoids "database is locked"
    # when two writers upgrade their locks at once. A request that must write (every request saves its
    # session for the idle timeout) waits up to 30 s for a large import's write to finish.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
        "transaction_mode": "IMMEDIATE",
    }
# A PostgreSQL read replica (streaming replication) for the dashboards and the report centre's drafting
# (core.replica): every other read and every write stays on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                                 conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
REPLICA_READS = "replica" in DATABASES
DATABASE_ROUTERS = ["parkops.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["parkops.org.lockout.LockoutBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "parkops.core.auth.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)}},
    {"NAME": "parkops.core.auth.CharacterClassValidator",
     "OPTIONS": {"min_classes": env_int("PASSWORD_MIN_CLASSES", 3)}},
    {"NAME": "parkops.core.auth.UsernameInPasswordValidator"},
    {"NAME": "parkops.core.auth.WeakPatternValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2id (argon2-cffi); hashes made by the older hashers still check, and Django re-hashes them with
# Argon2 at the user's next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# A password expires this many days after it was set (0: never); one an administrator set must be
# changed at the next log-in.
PASSWORD_EXPIRY_DAYS = env_int("PASSWORD_EXPIRY_DAYS", 90)
# The three administrators enter a TOTP code after their password (set up at their first log-in).
ADMIN_TOTP_REQUIRED = env_bool("ADMIN_TOTP_REQUIRED", True)
LOGIN_URL = "org:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "org:login"

# 5 failures lock an account for 15 minutes (等保 二级 log-in failure handling).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# The lock above counts per (account, address); an address with this many failures within the window,
# whatever the accounts, may not try again until the oldest of them leaves the window.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 15)
# The audit log is kept this many days before `parkops purge-audit` may remove it; the law's floor is
# six months (网络安全法 第二十一条), and a lower figure stops the system from starting.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise RuntimeError("AUDIT_RETENTION_DAYS 不得少于 180 天（网络安全法 第二十一条）")
# Reverse proxies (IPs or CIDRs) whose X-Forwarded-For is believed; from anyone else the header is
# ignored and the audit log records the connection's own address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# Idle timeout: the session expires this long after the last request, not after log-in.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Security headers on every response (等保 2.0 三级, 应用安全): Django's defaults, written out for the audit.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and style sheets only from our own static files, so text
# that slipped through escaping still could not run. The templates hold no inline <script> and no on*=
# handlers; pages' code is in parkops/static/js and reads its data from data-* attributes and json_script.
# Style *attributes* stay allowed (style-src-attr): ECharts' tooltips and htmx write them at run time, the
# progress bars take their width from data, and CSS in an attribute runs no script; <style> elements and
# style sheets from elsewhere remain refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Tables show 2026-12-02, prose and documents 2026年12月2日 (parkops/formats/zh_Hans).
FORMAT_MODULE_PATH = ["parkops.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
# Front-end libraries come from npm and are served by the app itself: the intranet has no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

# Uploads: attachments and imported ledgers.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# What an imported sheet or table may hold: far beyond any real ledger or statistics sheet (a province's
# 30,000 enterprises), far below what would exhaust the parser. Excel's own cell limit is 32,767 characters.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 300_000)
# On SQLite an import's transaction holds the whole database's write lock: measured on a loaded 2-CPU
# machine, a 20,000-row statistics sheet of new enterprises (the heaviest import) held it 17 s and a
# registry of 20,000 held it 3 s, while another process saving once a second never failed.
IMPORT_SQLITE_MAX_ROWS = env_int("IMPORT_SQLITE_MAX_ROWS", 20_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 10_000_000)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)
# Uploaded files and templates are read in a child process with these limits (core/isolation.py).
PARSE_MEMORY_MB = env_int("PARSE_MEMORY_MB", 2048)
PARSE_SECONDS = env_int("PARSE_SECONDS", 120)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Traffic lights (亮灯): a task is 滞后 when its reported share of the target trails the share of
# the year elapsed by more than this many percentage points.
LIGHT_BEHIND_TOLERANCE_POINTS = Decimal(os.environ.get("LIGHT_BEHIND_TOLERANCE_POINTS", "10"))

# Project lights (重点项目): yellow when the investment trails the schedule (序时进度) by more than the
# first figure in percentage points, red beyond the second or when a node is this many days late.
PROJECT_YELLOW_POINTS = Decimal(os.environ.get("PROJECT_YELLOW_POINTS", "10"))
PROJECT_RED_POINTS = Decimal(os.environ.get("PROJECT_RED_POINTS", "30"))
PROJECT_NODE_LATE_DAYS = env_int("PROJECT_NODE_LATE_DAYS", 30)
# 履约监管 (招商引资): a signed project's investment, output or tax below this share (%) of what was due is
# red, below 100% yellow.
INVESTMENT_CONTRACT_RED_SHARE = Decimal(os.environ.get("INVESTMENT_CONTRACT_RED_SHARE", "80"))
# Days past its deadline before an open problem goes to the project's leader, then to the supervisor.
PROBLEM_ESCALATE_TO_LEADER_DAYS = env_int("PROBLEM_ESCALATE_TO_LEADER_DAYS", 0)
PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS = env_int("PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS", 7)
# 入园协议签订到开工的审批时限, in Chinese working days.
APPROVAL_CLOCK_TARGET_WORKDAYS = env_int("APPROVAL_CLOCK_TARGET_WORKDAYS", 50)
# 土地与厂房 (land.rules): how many days before a parcel turns 闲置 it is shown as 疑似闲置, and the tax per
# 亩 (万元) under which a built parcel is 低效 (none: the 亩均 D class alone). A park's LandRules override them.
LAND_RULES = {
    "suspect_days": env_int("LAND_SUSPECT_DAYS", 90),
    "tax_per_mu_floor": Decimal(os.environ["LAND_TAX_PER_MU_FLOOR"]) if os.environ.get("LAND_TAX_PER_MU_FLOOR") else None,
}
# 信访与平安 (stability.rules): each case type's clock, in working days (信访: calendar days, 《信访工作条例》
# 60日内办结); a park's CaseRules override them. An overdue case goes to the supervisor at once and to its
# 包案领导 this many working days later.
STABILITY_CASE_CLOCKS = {
    "emergency": env_int("CASE_CLOCK_EMERGENCY", 0),
    "consult": env_int("CASE_CLOCK_CONSULT", 3),
    "help": env_int("CASE_CLOCK_HELP", 3),
    "suggestion": env_int("CASE_CLOCK_SUGGESTION", 13),
    "complaint": env_int("CASE_CLOCK_COMPLAINT", 13),
    "petition": env_int("CASE_CLOCK_PETITION", 60),
}
STABILITY_ESCALATE_TO_LEADER_WORKDAYS = env_int("CASE_ESCALATE_TO_LEADER_WORKDAYS", 3)
# Site photos are resized to fit this many pixels on their longer side.
SITE_PHOTO_MAX_PIXELS = env_int("SITE_PHOTO_MAX_PIXELS", 1920)
# The park's plan (土地与厂房) likewise: larger, as parcels are drawn on it.
LAND_PLAN_MAX_PIXELS = env_int("LAND_PLAN_MAX_PIXELS", 3000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ParkOps 园区通 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps the whole API: only people who may use it get to read it.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI's files come from the sidecar package, served by the app: the intranet has no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The worker (`parkops worker`, django-q2): its queue is a table of this database, so the embedded set-up
# needs nothing more; with REDIS_URL set the queue moves to Redis. Schedules and deliveries are rows of
# this database either way, so nothing is lost when either process restarts.
REDIS_URL = os.environ.get("REDIS_URL", "")
Q_CLUSTER = {
    "name": "parkops",
    "workers": env_int("WORKER_PROCESSES", 2),
    "timeout": 1800,  # the longest report is drawn up well within this
    "retry": 1860,  # must exceed the timeout
    "max_attempts": 1,  # a task is not run twice; deliveries retry themselves with back-off
    "catch_up": False,  # after a stop, a schedule runs once, not once for every run it missed
    "label": "后台任务",
    "ack_failures": True,
    "save_limit": 500,
}
# A report queued or drawn up with no step for this long was left by a worker that died: it is marked
# failed (by the worker every few minutes, and when its page is opened). Longer than the task timeout.
REPORT_STALL_MINUTES = env_int("REPORT_STALL_MINUTES", 35)
# The same for a statistics import (economy.import_runs) reading or writing on the worker.
IMPORT_STALL_MINUTES = env_int("IMPORT_STALL_MINUTES", 35)
# On SIGTERM or SIGINT the worker lets the tasks in hand finish for this long, then ends its processes
# (systemd's default TimeoutStopSec is 90 s: this leaves it time to spare).
WORKER_STOP_SECONDS = env_int("WORKER_STOP_SECONDS", 60)
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
# Where links in e-mails and robot messages point: the address users reach the system at.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
# The whole time one push (a robot's webhook, one e-mail) may take on the network, however slowly the
# other end answers; past it the attempt fails and is retried later, and the worker goes on.
NOTICE_DELIVERY_DEADLINE = env_int("NOTICE_DELIVERY_DEADLINE", 60)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "parkops@localhost")

DJANGO_TABLES2_TEMPLATE = "core/table.html"
# A list filter left empty reads 全部, not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = "全部"
DJANGO_TABLES2_PAGE_RANGE = 7

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
