from django.urls import path

from parkops.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("steps/<int:pk>/<slug:action>/", views.step_act, name="step_act"),
    path("agenda/", views.agenda, name="agenda"),
    path("stats/", views.stats, name="stats"),
    path("powers/", views.power_list, name="power_list"),
    path("powers/new/", views.power_edit, name="power_new"),
    path("powers/<int:pk>/", views.power_detail, name="power_detail"),
    path("powers/<int:pk>/edit/", views.power_edit, name="power_edit"),
    path("powers/import/", views.power_import, name="power_import"),
]
