from django.urls import path

from parkops.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("new/", views.policy_new, name="policy_new"),
    path("import/", views.policy_import, name="policy_import"),
    path("<int:pk>/", views.policy_detail, name="policy_detail"),
    path("<int:pk>/clauses/new/", views.clause_new, name="clause_new"),
    path("clauses/<int:pk>/apply/", views.apply, name="apply"),
    path("clauses/<int:pk>/<slug:action>/", views.clause_act, name="clause_act"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/<slug:action>/", views.application_act, name="application_act"),
    path("stats/", views.stats, name="stats"),
]
