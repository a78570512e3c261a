"""Belanja Bareng's pages (simpul/jointbuy/views/)."""

from simpul.jointbuy.views import coordinator, member, reports, supplier

app_name = "jointbuy"

urlpatterns = coordinator.urlpatterns + member.urlpatterns + supplier.urlpatterns + reports.urlpatterns
