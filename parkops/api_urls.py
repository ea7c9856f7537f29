from django.urls import include, path

urlpatterns = [
    path("supervision/", include("parkops.supervision.api.urls")),
]
