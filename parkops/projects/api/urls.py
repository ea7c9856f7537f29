from rest_framework.routers import DefaultRouter

from parkops.projects.api import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("problems", views.ProblemViewSet, basename="problem")
urlpatterns = router.urls
