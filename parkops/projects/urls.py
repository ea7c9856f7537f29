from django.urls import path

from parkops.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_edit, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/stage/", views.stage_change, name="stage_change"),
    path("milestones/<int:pk>/", views.milestone_update, name="milestone_update"),
    path("<int:pk>/progress/", views.progress_report, name="progress_report"),
    path("<int:pk>/problems/new/", views.problem_raise, name="problem_raise"),
    path("<int:pk>/chase/", views.chase_send, name="chase_send"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/", views.problem_work, name="problem_work"),
    path("problems/<int:pk>/to-task/", views.problem_to_task, name="problem_to_task"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("mine/", views.my_projects, name="my_projects"),
    path("inbox/", views.inbox, name="inbox"),
    path("chases/<int:pk>/sign/", views.chase_sign, name="chase_sign"),
    path("dispatch/", views.dispatch, name="dispatch"),
    path("dispatch/agenda/", views.dispatch_agenda, name="dispatch_agenda"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("dispatch/bulletin/", views.daily_bulletin, name="daily_bulletin"),
    path("table/", views.progress_table, name="progress_table"),
    path("table/import/", views.table_import, name="table_import"),
]
