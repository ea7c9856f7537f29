from django.urls import path

from parkops.org import views

app_name = "org"
urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/import/", views.directory_import, name="directory_import"),
    path("people/new/", views.person_edit, name="person_create"),
    path("people/<int:pk>/", views.person_edit, name="person_edit"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.user_edit, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/second-factor/", views.own_second_factor, name="own_second_factor"),
    path("account/awaiting-role/", views.awaiting_role, name="awaiting_role"),
    path("login/second-factor/", views.second_factor_step, name="second_factor"),
]
