from django.contrib.auth import views as auth_views
from django.urls import path

from parkops.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]
