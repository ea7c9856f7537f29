from django.urls import path

from parkops.land import views

app_name = "land"
urlpatterns = [
    path("", views.parcel_list, name="parcel_list"),
    path("parcels/new/", views.parcel_edit, name="parcel_create"),
    path("parcels/<int:pk>/", views.parcel_detail, name="parcel_detail"),
    path("parcels/<int:pk>/edit/", views.parcel_edit, name="parcel_edit"),
    path("parcels/<int:pk>/outline/", views.parcel_outline, name="parcel_outline"),
    path("plan/", views.plan, name="plan"),
    path("plan/image/", views.plan_image, name="plan_image"),
    path("parcels/<int:pk>/case/", views.case_edit, name="case_edit"),
    path("parcels/<int:pk>/case/steps/", views.step_add, name="step_add"),
    path("parcels/<int:pk>/case/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("parcels/<int:pk>/case/close/", views.case_close, name="case_close"),
    path("board/", views.board, name="board"),
    path("revitalised/", views.leader, name="leader"),
    path("revitalised/target/", views.target_set, name="target_set"),
    path("import/", views.ledger_import, name="ledger_import"),
    path("factories/", views.factory_list, name="factory_list"),
    path("factories/new/", views.building_edit, name="building_create"),
    path("factories/<int:pk>/", views.building_detail, name="building_detail"),
    path("factories/<int:pk>/edit/", views.building_edit, name="building_edit"),
    path("factories/<int:pk>/units/new/", views.unit_add, name="unit_add"),
    path("factories/<int:pk>/units/<int:unit_pk>/delete/", views.unit_delete, name="unit_delete"),
    path("factories/<int:pk>/leases/<int:lease_pk>/give-up/", views.lease_give_up, name="lease_give_up"),
]
