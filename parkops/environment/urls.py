from django.urls import path

from parkops.environment import views

app_name = "environment"
urlpatterns = [
    path("", views.home, name="home"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/new/", views.feedback_create, name="feedback_create"),
    path("feedback/import/", views.feedback_import, name="feedback_import"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/edit/", views.feedback_edit, name="feedback_edit"),
    path("feedback/<int:pk>/apply/", views.feedback_apply, name="feedback_apply"),
    path("feedback/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("feedback/<int:pk>/accept/", views.feedback_accept, name="feedback_accept"),
    path("feedback/<int:pk>/close/", views.feedback_close, name="feedback_close"),
    path("feedback/<int:pk>/schedule/", views.review_schedule, name="review_schedule"),
    path("feedback/<int:pk>/review/", views.review_record, name="review_record"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/new/", views.outlet_create, name="outlet_create"),
    path("outlets/<int:pk>/", views.outlet_detail, name="outlet_detail"),
    path("monitoring/", views.reading_list, name="reading_list"),
    path("monitoring/import/", views.monitoring_import, name="monitoring_import"),
    path("polluters/", views.polluter_list, name="polluter_list"),
    path("polluters/new/", views.polluter_create, name="polluter_create"),
    path("polluters/<int:pk>/", views.polluter_edit, name="polluter_edit"),
]
