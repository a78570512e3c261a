from simpul.ledger import heads_views, report_views, views, zis_views

app_name = "ledger"

urlpatterns = views.urlpatterns + report_views.urlpatterns + heads_views.urlpatterns + zis_views.urlpatterns
