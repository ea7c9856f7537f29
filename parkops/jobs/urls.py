from django.urls import path

from parkops.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("subscriptions/<int:pk>/delete/", views.subscription_delete, name="subscription_delete"),
]
