from django.urls import path

from parkops.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("types/<str:code>/", views.type_detail, name="type_detail"),
    path("types/<str:code>/preview/", views.preview, name="preview"),
    path("types/<str:code>/generate/", views.generate, name="generate"),
    path("types/<str:code>/download/", views.module_download, name="module_download"),
    path("types/<str:code>/templates/upload/", views.template_upload, name="template_upload"),
    path("templates/<int:pk>/download/", views.template_download, name="template_download"),
    path("types/<str:code>/templates/builtin/", views.builtin_template_download, name="builtin_template_download"),
    path("templates/<int:pk>/activate/", views.template_activate, name="template_activate"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/progress/", views.report_progress, name="report_progress"),
    path("<int:pk>/download/<str:kind>/", views.report_download, name="report_download"),
]
