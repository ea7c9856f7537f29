from rest_framework.routers import DefaultRouter

from parkops.land.api import views

router = DefaultRouter()
router.register("parcels", views.ParcelViewSet, basename="parcel")
router.register("cases", views.DisposalCaseViewSet, basename="disposal-case")
urlpatterns = router.urls
