from django.urls import path

from parkops.investment import views

app_name = "investment"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.project_edit, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/stage/", views.stage_advance, name="stage_advance"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("import/", views.ledger_import, name="ledger_import"),
    path("review/", views.meeting_list, name="meeting_list"),
    path("review/new/", views.meeting_edit, name="meeting_create"),
    path("review/criteria/", views.criteria, name="criteria"),
    path("review/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("review/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("review/<int:pk>/items/", views.item_add, name="item_add"),
    path("review/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("review/items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("review/items/<int:pk>/opinion/", views.opinion_record, name="opinion_record"),
    path("review/items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/rules/", views.contract_rules, name="contract_rules"),
    path("<int:pk>/to-task/", views.contract_to_task, name="contract_to_task"),
    path("week/", views.week, name="week"),
]
