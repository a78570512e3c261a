from simpul.members import savings_views, views

app_name = "members"

urlpatterns = views.urlpatterns + savings_views.urlpatterns
