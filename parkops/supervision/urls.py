from django.urls import path

from parkops.supervision import ledger_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/report/", views.report_submit, name="report_submit"),
    path("tasks/<int:pk>/light/", views.light_override, name="light_override"),
    path("tasks/<int:pk>/comment/", views.comment_add, name="comment_add"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/review/", views.review_queue, name="review_queue"),
    path("reports/mine/", views.my_reports, name="my_reports"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("ledger/import/", ledger_views.ledger_import, name="ledger_import"),
    path("ledger/export/", ledger_views.ledger_export, name="ledger_export"),
]
