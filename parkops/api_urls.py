from django.urls import include, path

urlpatterns = [
    path("supervision/", include("parkops.supervision.api.urls")),
    path("projects/", include("parkops.projects.api.urls")),
    path("economy/", include("parkops.economy.api.urls")),
    path("land/", include("parkops.land.api.urls")),
]
