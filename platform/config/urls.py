"""URL map: allauth, the Django and Wagtail admins, health, language switch, then Wagtail pages."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import language_switch
from api.api import api as api_v1
from home import views as home_views

admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    # Before Django's own view at the same URL: the header's switch also saves a signed-in person's preference.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/", include("home.urls")),
    path("notifications/", include("core.notifications_urls")),
    path("calendar/", include("core.calendar_urls")),
    path("integrations/webhooks/", include("core.webhooks_urls")),
    path("profile/", include("accounts.urls")),
    path("onboarding/", include("courses.urls")),
    path("rubrics/", include("assessments.rubrics.urls")),
    path("hiring/", include("assessments.hiring.urls")),
    path("careers/", include("assessments.hiring.careers_urls")),
    path("coaching/", include("coaching.urls")),
    path("analytics/", include("analytics.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("api.urls")),
    path("scim/v2/", include("api.scim_urls")),
    path("", include("assessments.exams.urls")),  # /exams/… and the public /verify/<code>/
]

if settings.DEBUG or getattr(settings, "RAMPWAY_SERVE_MEDIA", False):
    from django.views.static import serve

    # `make run` (with or without DEBUG) serves Wagtail image renditions (lesson and product illustrations,
    # public by design) and nothing else from MEDIA_ROOT: CVs, documents and import files are only ever sent by
    # views that check access, so there is deliberately no general /media/ route, in the demo as in production.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>images/[^/]+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
