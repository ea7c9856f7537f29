from django.conf import settings
from django.urls import path

from parkops.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
]
if settings.PARKOPS_BENCH:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))
