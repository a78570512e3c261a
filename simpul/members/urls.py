from simpul.members import views
from simpul.members.billing import views as billing_views
from simpul.members.cashier import views as cashier_views
from simpul.members.corrections import views as correction_views
from simpul.members.documents import views as document_views
from simpul.members.imports import views as import_views
from simpul.members.opening import views as opening_views
from simpul.members.portal import views as portal_views
from simpul.members.reconciliation import views as reconciliation_views
from simpul.members.savings import views as savings_views

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
    + cashier_views.urlpatterns
)
