from django.urls import path

from parkops.economy import indicator_views, permu_views, registry_views, views

app_name = "economy"
urlpatterns = [
    # The economic dashboard and the meeting-room wall (大屏), months and their close, targets.
    path("", views.dashboard, name="dashboard"),
    path("wall/", views.wall, name="wall"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/<str:period>/close/", views.period_close, name="period_close"),
    path("targets/", views.targets, name="targets"),
    # The enterprise registry.
    path("enterprises/", registry_views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", registry_views.enterprise_edit, name="enterprise_create"),
    path("enterprises/import/", registry_views.enterprise_import, name="enterprise_import"),
    path("enterprises/<int:pk>/", registry_views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", registry_views.enterprise_edit, name="enterprise_edit"),
    # The statistics bureau's monthly sheet.
    path("indicators/import/", indicator_views.indicator_import, name="indicator_import"),
    path("indicators/import/<int:pk>/", indicator_views.import_run, name="import_run"),
    # 亩均论英雄 and the 小升规 cultivation pool.
    path("permu/", permu_views.evaluation, name="permu"),
    path("permu/scheme/", permu_views.scheme_edit, name="permu_scheme"),
    path("permu/export/", permu_views.class_list_xlsx, name="permu_export"),
    path("permu/<int:year>/<int:pk>/", permu_views.scorecard, name="scorecard"),
    path("cultivation/", permu_views.cultivation, name="cultivation"),
]
