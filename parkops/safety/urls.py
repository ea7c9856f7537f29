from django.urls import path

from parkops.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.hazard_list, name="hazard_list"),
    path("hazards/new/", views.hazard_create, name="hazard_create"),
    path("hazards/<int:pk>/", views.hazard_detail, name="hazard_detail"),
    path("hazards/<int:pk>/edit/", views.hazard_edit, name="hazard_edit"),
    path("hazards/<int:pk>/issue/", views.hazard_issue, name="hazard_issue"),
    path("hazards/<int:pk>/start/", views.hazard_start, name="hazard_start"),
    path("hazards/<int:pk>/report/", views.hazard_report, name="hazard_report"),
    path("hazards/<int:pk>/recheck/", views.hazard_recheck, name="hazard_recheck"),
    path("hazards/<int:pk>/list/", views.hazard_list_action, name="hazard_list_action"),
    path("hazards/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("statistics/", views.dashboard, name="dashboard"),
    path("import/", views.ledger_import, name="ledger_import"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/rules/", views.rules_save, name="rules_save"),
    path("training/<int:pk>/", views.training_detail, name="training_detail"),
]
