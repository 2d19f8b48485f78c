from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from varde.core import views as core_views
from varde.core.api_urls import router
from varde.execution.urls import queue_patterns

urlpatterns = [
    path("", core_views.home, name="home"),
    path("logg-inn/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/", set_language, name="set_language"),
    path("personer/", include("varde.people.urls")),
    path("personer/", include("varde.journal.urls")),
    path("personer/<int:person_id>/dommer/", include("varde.sentencing.urls")),
    path("enheter/", include("varde.organisation.urls")),
    path("opphold/", include("varde.execution.urls")),
    path("ko/", include(queue_patterns)),
    path("friomsorg/", include("varde.community.urls")),
    path("reintegrering/", include("varde.reintegration.urls")),
    path("soknader/", include("varde.decisions.urls")),
    path("dagligliv/", include("varde.regime.urls")),
    path("sikkerhet/", include("varde.security.urls")),
    path("sikkerhetstiltak/", include("varde.safeguards.urls")),
    path("", include("varde.execution.progression_urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's init script as a file: the CSP forbids inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
