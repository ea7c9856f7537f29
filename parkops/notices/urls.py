from django.urls import path

from parkops.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.message_open, name="message_open"),
    path("messages/<int:pk>/read/", views.message_read, name="message_read"),
    path("messages/read-all/", views.message_read, name="message_read_all"),
    path("channels/", views.ChannelListView.as_view(), name="channel_list"),
    path("channels/new/", views.channel_edit, name="channel_create"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel_test"),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery_list"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
