urlpatterns = []; app_name='supervision'
