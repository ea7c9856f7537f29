from django.contrib.auth import views as auth_views
from django.urls import path

from parkops.core import views

app_name = "core"
urlpatterns = [
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]
urlpatterns += [
    path("trash/", views.trash_list, name="trash_list"),
    path("trash/<str:key>/<int:pk>/delete/", views.trash_delete, name="trash_delete"),
    path("trash/<str:key>/<int:pk>/restore/", views.trash_restore, name="trash_restore"),
]
