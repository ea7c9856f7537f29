from django.urls import path

from parkops.services import views

app_name = "services"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("mine/", views.mine, name="mine"),
    path("mine/report/", views.self_report, name="self_report"),
    path("self-reports/", views.self_report_list, name="self_report_list"),
    path("self-reports/<int:pk>/", views.self_report_enterprise, name="self_report_enterprise"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:action>/", views.request_act, name="request_act"),
    path("stats/", views.stats, name="stats"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/reset/", views.account_reset, name="account_reset"),
    path("limits/", views.limits, name="limits"),
    path("import/", views.ledger_import, name="ledger_import"),
]
