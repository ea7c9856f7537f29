from rest_framework.routers import DefaultRouter

from parkops.supervision.api import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("reports", views.ProgressReportViewSet, basename="report")
urlpatterns = router.urls
