from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("parkops.site.urls")),
    path("", include("parkops.core.urls")),
    path("", include("parkops.org.urls")),  # log-in at /login/, the rest under /org/
    path("supervision/", include("parkops.supervision.urls")),
    path("projects/", include("parkops.projects.urls")),
    path("economy/", include("parkops.economy.urls")),
    path("investment/", include("parkops.investment.urls")),
    path("land/", include("parkops.land.urls")),
    path("safety/", include("parkops.safety.urls")),
    path("environment/", include("parkops.environment.urls")),
    path("stability/", include("parkops.stability.urls")),
    path("services/", include("parkops.services.urls")),
    path("approvals/", include("parkops.approvals.urls")),
    path("policies/", include("parkops.policies.urls")),
    path("reports/", include("parkops.reports.urls")),
    path("notices/", include("parkops.notices.urls")),
    path("jobs/", include("parkops.jobs.urls")),
    path("api/", include("parkops.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a file (the CSP refuses inline scripts); its page
    # keeps three lines of inline CSS, allowed on this page alone, which shows no user text.
    path("api/docs/", csp_update({"style-src-elem": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
]
# No route serves MEDIA_ROOT, even in DEBUG: attachments go out only through views that check who asks.
