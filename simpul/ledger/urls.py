from simpul.ledger import views
from simpul.ledger.heads import views as heads_views
from simpul.ledger.reports import views as report_views
from simpul.ledger.reports import zis_views as zis_views

app_name = "ledger"

urlpatterns = views.urlpatterns + report_views.urlpatterns + heads_views.urlpatterns + zis_views.urlpatterns
