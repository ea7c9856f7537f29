from django.urls import path

from parkops.stability import views

app_name = "stability"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases/new/", views.case_edit, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/reply/", views.case_reply, name="case_reply"),
    path("cases/<int:pk>/review/", views.case_review, name="case_review"),
    path("repeats/", views.repeats, name="repeats"),
    path("import/", views.case_import, name="case_import"),
    path("disputes/", views.dispute_list, name="dispute_list"),
    path("disputes/new/", views.dispute_edit, name="dispute_create"),
    path("disputes/<int:pk>/", views.dispute_edit, name="dispute_edit"),
    path("duty/", views.duty, name="duty"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<int:pk>/", views.entry_edit, name="entry_edit"),
]
