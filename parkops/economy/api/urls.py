from rest_framework.routers import DefaultRouter

from parkops.economy.api import views

router = DefaultRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("chains", views.IndustryChainViewSet, basename="industry-chain")
urlpatterns = router.urls
