from simpul.members import views

app_name = "members"

urlpatterns = views.urlpatterns
