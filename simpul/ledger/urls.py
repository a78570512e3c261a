from simpul.ledger import report_views, views

app_name = "ledger"

urlpatterns = views.urlpatterns + report_views.urlpatterns
