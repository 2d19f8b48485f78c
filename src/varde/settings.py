"""Django settings for Varde.

Everything that differs between machines comes from the environment (django-environ).
Without ``DATABASE_URL`` the app runs on an SQLite file under ``var/`` (the embedded default
for ``make run``); CI and production set ``DATABASE_URL=postgres://...``.
"""

from __future__ import annotations

from pathlib import Path

import environ

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent  # the repository root (holds var/, node_modules/)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("VARDE_DEBUG", default=False)
SECRET_KEY = env.str(
    "VARDE_SECRET_KEY", default="insecure-dev-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env.list("VARDE_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("VARDE_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "varde.core",
    "varde.organisation",
    "varde.people",
    "varde.audit",
    "varde.sentencing",
    "varde.journal",
    "varde.execution",
    "varde.community",
    "varde.reintegration",
    "varde.decisions",
    "varde.regime",
    "varde.security",
    "varde.safeguards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "varde.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "varde.urls"
WSGI_APPLICATION = "varde.wsgi.application"
AUTH_USER_MODEL = "organisation.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "varde.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'varde.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when requests overlap (the browser tests'
    # live server answers htmx requests in parallel), and test on a file rather than a
    # shared in-memory database, whose table locks cannot wait.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Take the write lock when a transaction begins, so two transactions that read then write
    # (a placement counting free places) run one after the other, as row locks do on
    # PostgreSQL: no overbooking on the embedded default either.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["TEST"].setdefault("NAME", str(BASE_DIR / "var" / "test.sqlite3"))
if env.str("VARDE_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"]["NAME"] = env.str("VARDE_TEST_DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The scoping index carries INCLUDE columns on PostgreSQL; SQLite (small data) ignores them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication and sessions ------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env.int("VARDE_SESSION_SECONDS", default=30 * 60)  # idle timeout
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("VARDE_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Lock-out after repeated failed logins (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env.int("VARDE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("VARDE_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Content-Security-Policy: no inline scripts or styles, nothing from outside this server.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files (Designsystemet and htmx come from npm, see package.json) -----------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    SRC_DIR / "static",  # varde/app.css and varde/app.js (``varde`` itself is not an app)
    ("vendor/designsystemet", _NODE / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous call a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "varde.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Varde API",
    "DESCRIPTION": "Case system for the correctional service. Person data is scoped to the caller.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StayKindEnum": "varde.execution.choices.StayKind",
        "AbsenceKindEnum": "varde.execution.choices.AbsenceKind",
        "CallInStatusEnum": "varde.execution.choices.CallInStatus",
        "RemandBookingStatusEnum": "varde.execution.choices.RemandBookingStatus",
        "RestrictionKindEnum": "varde.execution.choices.RestrictionKind",
        "PenaltyScaleEnum": "varde.execution.choices.PenaltyScale",
        "PostponementGroundEnum": "varde.execution.choices.PostponementGround",
        "PostponementDecisionEnum": "varde.execution.choices.PostponementDecision",
        "OutsidePrisonKindEnum": "varde.execution.choices.OUTSIDE_PRISON_CHOICES",
        "JudgmentStatusEnum": "varde.sentencing.choices.JudgmentStatus",
        "PlaceSexEnum": "varde.organisation.choices.PlaceSex",
        "SecurityLevelEnum": "varde.organisation.choices.SecurityLevel",
        "PersonSexEnum": "varde.people.choices.Sex",
        "CommunityCaseKindEnum": "varde.community.choices.CaseKind",
        "CommunityCaseStatusEnum": "varde.community.choices.CaseStatus",
        "ContactKindEnum": "varde.community.choices.ContactKind",
        "AttendanceStatusEnum": "varde.regime.choices.AttendanceStatus",
        "AbsenceReasonEnum": "varde.regime.choices.AbsenceReason",
        "ActivityKindEnum": "varde.regime.choices.ActivityKind",
        "NdPhaseEnum": "varde.community.choices.NdPhase",
        "EquipmentEventKindEnum": "varde.community.choices.EquipmentEventKind",
        "EkTechnologyEnum": "varde.community.choices.EkTechnology",
        "SchedulePurposeEnum": "varde.community.choices.SchedulePurpose",
        "ScheduleWeekdayEnum": "varde.community.choices.Weekday",
        "BreachResponseEnum": "varde.community.choices.BreachResponse",
        "ApplicationKindEnum": "varde.decisions.choices.ApplicationKind",
        "ApplicationStatusEnum": "varde.decisions.choices.ApplicationStatus",
        "DecisionLevelEnum": "varde.decisions.choices.Level",
        "DecisionOutcomeEnum": "varde.decisions.choices.Outcome",
        "AppealOutcomeEnum": "varde.decisions.choices.AppealOutcome",
        "AppealPeriodEnum": "varde.decisions.choices.AppealPeriod",
        "NotificationChannelEnum": "varde.decisions.choices.Channel",
        "NoticeEventEnum": "varde.decisions.choices.NoticeEvent",
        "VictimRelationEnum": "varde.decisions.choices.VictimRelation",
        "PsrKindEnum": "varde.reintegration.choices.PsrKind",
        "PsrStatusEnum": "varde.reintegration.choices.PsrStatus",
        "PsrRequesterKindEnum": "varde.reintegration.choices.RequesterKind",
        "PsrInterviewKindEnum": "varde.reintegration.choices.InterviewKind",
        "PsrSuitabilityEnum": "varde.reintegration.choices.Suitability",
        "AssessmentStatusEnum": "varde.reintegration.choices.AssessmentStatus",
        "PlanStatusEnum": "varde.reintegration.choices.PlanStatus",
        "PlanGoalStatusEnum": "varde.reintegration.choices.GoalStatus",
        "PlanStepStatusEnum": "varde.reintegration.choices.StepStatus",
        "PlanResponsibleKindEnum": "varde.reintegration.choices.ResponsibleKind",
        "PartnerAgencyKindEnum": "varde.reintegration.choices.AgencyKind",
        "ReferralStatusEnum": "varde.reintegration.choices.ReferralStatus",
        "DisclosureCategoryEnum": "varde.reintegration.choices.DataCategory",
        "DisclosureOutcomeEnum": "varde.reintegration.choices.DisclosureOutcome",
        "ChecklistItemCodeEnum": "varde.reintegration.choices.ChecklistItemCode",
        "ChecklistItemStatusEnum": "varde.reintegration.choices.ItemStatus",
        "CoordinationConsentEnum": "varde.reintegration.choices.CoordinationConsent",
        "NavNoticeStatusEnum": "varde.reintegration.choices.NoticeStatus",
        "PlanReviewKindEnum": "varde.reintegration.choices.ReviewKind",
        "SafeguardGroundEnum": "varde.safeguards.choices.ExclusionGround",
        "SafeguardExtentEnum": "varde.safeguards.choices.Extent",
        "CoerciveKindEnum": "varde.safeguards.choices.MeasureKind",
        "CoerciveBasisEnum": "varde.safeguards.choices.MeasureBasis",
        "SafeguardRecipientEnum": "varde.safeguards.choices.Recipient",
        "SafeguardReviewLevelEnum": "varde.safeguards.choices.ReviewLevel",
        "SafeguardReviewOutcomeEnum": "varde.safeguards.choices.ReviewOutcome",
        "SafeguardDeadlineStateEnum": "varde.safeguards.choices.DeadlineState",
        "DeviationStatusEnum": "varde.safeguards.choices.DeviationStatus",
        "IncidentKindEnum": "varde.security.choices.IncidentKind",
        "InvolvementRoleEnum": "varde.security.choices.InvolvementRole",
        "ContrabandKindEnum": "varde.security.choices.ContrabandKind",
        "FindPlaceEnum": "varde.security.choices.FindPlace",
        "DrugTestResultEnum": "varde.security.choices.DrugTestResult",
        "KeepApartScopeEnum": "varde.security.choices.KeepApartScope",
        "GroupKindEnum": "varde.security.choices.GroupKind",
        "AffiliationSourceEnum": "varde.security.choices.AffiliationSource",
        "AffiliationConfidenceEnum": "varde.security.choices.Confidence",
    },
}

# --- Varde's own settings (documented in docs/operators/settings.md) -------------------------
# Days after a responsibility period ends during which the unit's staff still see the person.
VARDE_RESPONSIBILITY_GRACE_DAYS = env.int("VARDE_RESPONSIBILITY_GRACE_DAYS", default=30)
# Accept synthetic test national IDs (month + 80 / + 65). Only for demo and test data.
VARDE_ALLOW_SYNTHETIC_IDS = env.bool("VARDE_ALLOW_SYNTHETIC_IDS", default=False)
# Accept the 2032 scheme's extra first-check-digit remainders (1-3). On by law from 2032.
VARDE_ACCEPT_2032_IDS = env.bool("VARDE_ACCEPT_2032_IDS", default=True)
# Overrides of the sentence calculator's day-counting conventions (JSON object; see
# docs/developers/sentencing-conventions.md). Empty: the documented v1 conventions.
VARDE_SENTENCE_CONVENTIONS = env.json("VARDE_SENTENCE_CONVENTIONS", default={})
# The day the isolation reform (lov 2026-05-12-18) applies from, once the decree sets it
# (ISO date). Empty: not in force. See docs/developers/safeguards.md.
VARDE_ISOLATION_REFORM_FROM = env.str("VARDE_ISOLATION_REFORM_FROM", default="")
# How many days back a member of staff may date a journal note (what happened yesterday is
# written today); the time of registration is always kept beside it.
VARDE_JOURNAL_BACKDATE_DAYS = env.int("VARDE_JOURNAL_BACKDATE_DAYS", default=14)
# Pre-sentence reports for minors: target days from request to delivery (strpl § 161 a).
VARDE_PSR_MINOR_TARGET_DAYS = env.int("VARDE_PSR_MINOR_TARGET_DAYS", default=28)
# Personal follow-up plans: days between reviews, and the review before release.
VARDE_PLAN_REVIEW_DAYS = env.int("VARDE_PLAN_REVIEW_DAYS", default=90)
VARDE_PLAN_RELEASE_REVIEW_DAYS = env.int("VARDE_PLAN_RELEASE_REVIEW_DAYS", default=30)
# Needs-assessment areas (versioned JSON); empty: the bundled reintegration/data file.
VARDE_NEEDS_AREAS_FILE = env.str("VARDE_NEEDS_AREAS_FILE", default="")
# The share of prison days with activity aimed at, in per cent (the ministry's 2024 target).
VARDE_ACTIVITY_TARGET = env.float("VARDE_ACTIVITY_TARGET", default=85.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("VARDE_LOG_LEVEL", default="WARNING")},
}
