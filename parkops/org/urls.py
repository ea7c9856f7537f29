from django.urls import path

from parkops.org import views

app_name = "org"
urlpatterns = [
    # Log-in is the users' door, at the root like the home page; the rest of org under org/.
    path("login/", views.LoginView.as_view(), name="login"),
    path("org/units/", views.UnitListView.as_view(), name="unit_list"),
    path("org/units/new/", views.unit_edit, name="unit_create"),
    path("org/units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("org/people/", views.PersonListView.as_view(), name="person_list"),
    path("org/people/import/", views.directory_import, name="directory_import"),
    path("org/people/new/", views.person_edit, name="person_create"),
    path("org/people/<int:pk>/", views.person_edit, name="person_edit"),
    path("org/users/", views.UserListView.as_view(), name="user_list"),
    path("org/users/new/", views.user_edit, name="user_create"),
    path("org/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("org/account/password/", views.password_change, name="password_change"),
    path("org/account/second-factor/", views.own_second_factor, name="own_second_factor"),
    path("org/account/awaiting-role/", views.awaiting_role, name="awaiting_role"),
    path("org/login/second-factor/", views.second_factor_step, name="second_factor"),
]
