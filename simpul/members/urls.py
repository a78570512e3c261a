from simpul.members import billing_views, document_views, import_views, portal_views, savings_views, views
from simpul.members.corrections import views as correction_views
from simpul.members.opening import views as opening_views
from simpul.members.reconciliation import views as reconciliation_views

app_name = "members"

urlpatterns = (
    import_views.urlpatterns  # before views: "anggota/impor/" must not be read as a member id
    + views.urlpatterns
    + savings_views.urlpatterns
    + correction_views.urlpatterns
    + reconciliation_views.urlpatterns
    + opening_views.urlpatterns
    + billing_views.urlpatterns
    + document_views.urlpatterns
    + portal_views.urlpatterns
)
